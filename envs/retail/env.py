"""Retail: an online store's customer-service desk (tau^2-bench style), with written policies."""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from toolgym.canonical import stable_hash
from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError, condition, tool
from toolgym.envs.world import WorldScope, state

from .data import TODAY, build_world, catalogue, days_between
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Retail"]

RETURN_DAYS = 30
MAX_PER_ITEM = 10
_ZIP = re.compile(r"^\d{5}$")
_STATE = re.compile(r"^[A-Z]{2}$")

CustomerId = Annotated[str, Entity("customer", label="name")]
ProductId = Annotated[str, Entity("product", label="name")]
# An order's items and the catalogue's variants share one id space ("I3f9a1c"), but they are
# different things to the graph: return/exchange take items *of an order* (get_order reveals
# them), the cart and the replacements of an exchange take *variants of a product*
# (get_product reveals them). One entity type would let any item id fill any slot.
# Both are known by their title, the product with the variant ("Nova Scarf (gray / wool)"): the
# variant's own description ("gray / wool") does not say which product it is.
ItemId = Annotated[str, Entity("item", label="title")]
VariantId = Annotated[str, Entity("variant", label="title")]
OrderId = Annotated[str, Entity("order", label="summary")]
PaymentMethodId = Annotated[str, Entity("payment_method", label="description")]
GiftCardId = Annotated[str, Entity("payment_method", label="description")]
Category = Literal[
    "apparel", "footwear", "bags", "electronics", "kitchen", "home", "furniture", "outdoor", "sports",
    "accessories", "stationery",
]
OrderStatus = Literal["pending", "processed", "delivered", "cancelled", "return requested", "exchange requested"]


class Address(TypedDict):
    street: str
    city: str
    state: str
    zip_code: str


class CustomerRef(TypedDict):
    customer_id: CustomerId
    name: str


class PaymentMethod(TypedDict):
    payment_method_id: PaymentMethodId
    kind: str
    description: str
    balance: float | None


class Profile(TypedDict):
    customer_id: CustomerId
    name: str
    email: str
    address: Address
    payment_methods: list[PaymentMethod]
    order_count: int


class CategoryCount(TypedDict):
    category: str
    products: int


class ProductRef(TypedDict):
    product_id: ProductId
    name: str
    category: str
    min_price: float
    max_price: float
    variants: int
    in_stock: bool


class Variant(TypedDict):
    item_id: VariantId
    description: str
    title: str  # the product and the variant, as a customer says it
    options: dict[str, str]
    price: float
    stock: int
    available: bool


class ProductDetails(TypedDict):
    product_id: ProductId
    name: str
    category: str
    description: str
    variants: list[Variant]


class CartLine(TypedDict):
    item_id: VariantId
    name: str
    description: str
    title: str  # the product and the variant, as a customer says it
    quantity: int
    unit_price: float
    subtotal: float


class Cart(TypedDict):
    lines: list[CartLine]
    item_count: int
    total: float


class OrderLine(TypedDict):
    item_id: ItemId
    product_id: ProductId
    name: str
    description: str
    title: str  # the product and the variant, as a customer says it
    price: float


class Refund(TypedDict):
    amount: float
    payment_method_id: PaymentMethodId
    status: str


class Exchange(TypedDict):
    from_item_id: ItemId
    to_item_id: VariantId


class OrderDetails(TypedDict):
    order_id: OrderId
    summary: str
    status: str
    placed_on: str
    delivered_on: str | None
    return_deadline: str | None
    return_window: str | None  # "open", "closed" or None (not delivered)
    items: list[OrderLine]
    total: float
    payment_method_id: PaymentMethodId
    address: Address
    tracking_number: str | None
    returned_items: list[ItemId]
    exchanges: list[Exchange]
    refunds: list[Refund]


# Write tools answer with the same shapes, but their ids are plain strings: only the lookup tools
# reveal ids in the API graph. Otherwise nearly every tool would provide product, item and order
# ids while needing them too, and the graph's chain search would explode on the cycles.
class ReceiptLine(TypedDict):
    item_id: str
    product_id: str
    name: str
    description: str
    title: str  # the product and the variant, as a customer says it
    price: float


class ReceiptRefund(TypedDict):
    amount: float
    payment_method_id: str
    status: str


class ReceiptExchange(TypedDict):
    from_item_id: str
    to_item_id: str


class OrderReceipt(TypedDict):
    order_id: str
    summary: str
    status: str
    placed_on: str
    delivered_on: str | None
    return_deadline: str | None
    return_window: str | None  # "open", "closed" or None (not delivered)
    items: list[ReceiptLine]
    total: float
    payment_method_id: str
    address: Address
    tracking_number: str | None
    returned_items: list[str]
    exchanges: list[ReceiptExchange]
    refunds: list[ReceiptRefund]


class CartReceiptLine(TypedDict):
    item_id: str
    name: str
    description: str
    title: str  # the product and the variant, as a customer says it
    quantity: int
    unit_price: float
    subtotal: float


class CartReceipt(TypedDict):
    lines: list[CartReceiptLine]
    item_count: int
    total: float


class AddressChange(TypedDict):
    name: str
    address: Address


class GiftCardReceipt(TypedDict):
    gift_card_id: str
    description: str
    balance: float


class OrderRef(TypedDict):
    order_id: OrderId
    summary: str
    status: str
    placed_on: str
    total: float


class GiftCard(TypedDict):
    gift_card_id: GiftCardId
    description: str
    balance: float


class Message(TypedDict):
    status: str
    message: str


def _money(x: float) -> float:
    return round(x + 0.0, 2)


def _title(name: str, description: str) -> str:
    """What a customer calls a variant: its product and its options ("Nova Scarf (gray / wool)")."""
    return f"{name} ({description})"


def _line_view(line: dict) -> dict:
    return {**line, "title": _title(line["name"], line["description"])}


def _neg_date(iso: str) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x7F - ord(c)) for c in iso)


class Retail(ToolEnv):
    """You are a customer-service agent of an online store. You help the authenticated customer
    browse the catalogue, buy, and manage their orders, following these policies.

    Policies:
    1. Authentication first: find the customer by email and zip code, or by first name, last name
       and zip code. Act only for that customer and only on their own orders.
    2. Order statuses: "pending" (not shipped yet), "processed" (shipped), "delivered",
       "cancelled", "return requested", "exchange requested".
    3. Cancellation: only pending orders, with the reason "no longer needed" or "ordered by
       mistake". The full total is refunded to the original payment method.
    4. Changes to an order (shipping address, payment method, items) only while it is pending.
       Items can only be swapped for another variant of the same product (e.g. another size or
       color); the price difference is charged or refunded to the original payment method.
    5. Returns: only delivered orders, within 30 days of the delivery date (inclusive). Refunds
       always go to the original payment method: gift cards are credited at once, cards within
       5-7 business days.
    6. Exchanges: only delivered orders within the same 30-day window; each item only for a
       different, in-stock variant of the same product; the price difference is charged or
       refunded to the original payment method. An order can be returned or exchanged once.
    7. Checkout needs a non-empty cart and one of the customer's saved payment methods. A gift
       card must cover the whole amount it is charged.
    8. Today is 2025-06-15 (the store's date); use it for every date calculation.
    Ids of customers, products, variants (items), orders and payment methods are internal: get
    them from the lookup tools.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES
    customer = state(None)

    def build(self, world: WorldScope) -> None:
        t = build_world(world)
        self.products, self.items, self.customers = t["products"], t["items"], t["customers"]
        self.orders, self.gift_cards, self.gift_codes, self.carts = (
            t["orders"], t["gift_cards"], t["gift_codes"], t["carts"],
        )
        self._lines = catalogue()[2]
        world.vars["today"] = TODAY

    # --- helpers ------------------------------------------------------------------------------

    @property
    def today(self) -> str:
        return self.world_scope.vars["today"]

    def _new_id(self, prefix: str, kind: str, taken: object, width: int = 3) -> str:
        """An id derived from (seed, kind, counter): deterministic, journal-safe, not guessable."""
        vars_ = self.world_scope.vars
        key = f"next_{kind}"
        while True:
            n = vars_.get(key, 0)
            vars_[key] = n + 1
            new = prefix + stable_hash([self.world_scope.seed, kind, n], length=width)
            if new not in taken:  # type: ignore[operator]
                return new

    def _me(self) -> dict:
        return self.customers[self.customer]

    def _order(self, order_id: str) -> dict:
        row = self.orders.get(order_id)
        if row is None or row["customer_id"] != self.customer:
            raise ToolError(f"no order {order_id!r} for this customer; list_orders shows their order ids")
        return row

    def _method(self, payment_method_id: str) -> dict:
        methods = self._me()["payment_methods"]
        for m in methods:
            if m["payment_method_id"] == payment_method_id:
                return m
        ids = [m["payment_method_id"] for m in methods]
        raise ToolError(
            f"payment method {payment_method_id!r} is not one of this customer's: {ids}; "
            "get_customer_profile lists them"
        )

    def _item(self, item_id: str) -> dict:
        row = self.items.get(item_id)
        if row is None:
            raise ToolError(f"no item {item_id!r}; get_product lists the item ids of a product's variants")
        return row

    def _charge(self, payment_method_id: str, amount: float, what: str) -> None:
        """Charge a payment method; gift cards must cover the amount."""
        if amount <= 0 or not payment_method_id.startswith("gift_card_"):
            return
        card = self.gift_cards[payment_method_id]
        if card["balance"] + 1e-9 < amount:
            raise ToolError(
                f"insufficient gift card balance: {card['balance']:.2f} available, {amount:.2f} needed for {what}; "
                "use another payment method"
            )
        self.gift_cards.patch(payment_method_id, balance=_money(card["balance"] - amount))

    def _refund(self, order: dict, amount: float) -> list[dict]:
        """Refund to the order's original payment method; returns the order's new refunds list."""
        pm = order["payment_method_id"]
        if pm.startswith("gift_card_") and pm in self.gift_cards:
            card = self.gift_cards[pm]
            self.gift_cards.patch(pm, balance=_money(card["balance"] + amount))
            status = "completed"
        else:
            status = "processing: 5-7 business days"
        return [*order["refunds"], {"amount": _money(amount), "payment_method_id": pm, "status": status}]

    @staticmethod
    def _summary(order: dict) -> str:
        """The order in a few words: its first item (with the units of it) and how many others.

        An order holds one line per unit: seven of one scarf are seven lines, which are "7 x
        Nova Scarf (gray / wool)", not "Nova Scarf (gray / wool) + 6 more".
        """
        its = order["items"]
        first = its[0]
        n = sum(1 for line in its if line["item_id"] == first["item_id"])
        others = len(its) - n
        head = _title(first["name"], first["description"])
        head = f"{n} x {head}" if n > 1 else head
        tail = f" and {others} other item{'s' if others > 1 else ''}" if others else ""
        # no comma before "placed": the summary is said inside sentences ("cancel my order of X
        # placed on 2025-06-14 for me")
        return f"{head}{tail} placed on {order['placed_on']}"

    def _deadline(self, order: dict) -> str | None:
        if order["delivered_on"] is None:
            return None
        from datetime import date, timedelta

        return (date.fromisoformat(order["delivered_on"]) + timedelta(days=RETURN_DAYS)).isoformat()

    def _details(self, order: dict) -> Any:
        return {
            "order_id": order["order_id"], "summary": self._summary(order), "status": order["status"],
            "placed_on": order["placed_on"], "delivered_on": order["delivered_on"],
            "return_deadline": self._deadline(order),
            # "open": a delivered order that can still be returned or exchanged (policy 5/6)
            "return_window": None if order["status"] != "delivered" else "open" if self._window_open(order) else "closed",
            "items": [_line_view(line) for line in order["items"]],
            "total": order["total"], "payment_method_id": order["payment_method_id"],
            "address": dict(order["address"]),
            "tracking_number": order["tracking_number"], "returned_items": list(order["returned_items"]),
            "exchanges": [dict(x) for x in order["exchanges"]],
            "refunds": [dict(r) for r in order["refunds"]],
        }

    def _window_open(self, order: dict) -> bool:
        return order["status"] == "delivered" and days_between(order["delivered_on"], self.today) <= RETURN_DAYS

    def _swappable_line(self, order: dict) -> dict | None:
        """The first line of ``order`` that another in-stock variant of its product could replace."""
        for line in order["items"]:
            if line["item_id"] in order["returned_items"]:
                continue
            for iid in self.products[line["product_id"]]["item_ids"]:
                if iid != line["item_id"] and self.items[iid]["stock"] > 0:
                    return line
        return None

    def _eligible_hint(self, swap: bool, pending: bool) -> str:
        """Where the customer's request could succeed: their newest order that allows it.

        Policy errors name the valid choice and the lookups that show it (``get_order(order_id=
        '...')``), so the caller can recover instead of guessing among the customer's orders.
        """
        ids = self._me()["order_ids"]
        found: list[tuple[int, str, str, dict]] = []
        for oid in ids:
            order = self.orders[oid]
            if not (order["status"] == "pending" if pending else self._window_open(order)):
                continue
            line = self._swappable_line(order) if swap else order["items"][0]
            if line is not None:
                # the simplest case first: a one-item order, then the newest
                found.append((len(order["items"]), _neg_date(order["placed_on"]), oid, line))
        if not found:
            return "; none of this customer's orders qualifies"
        _, _, oid, line = min(found)
        what = "pending" if pending else "within its return window"
        tail = f" and get_product(product_id='{line['product_id']}') the other variants of its {line['name']}" if swap else ""
        return f"; order {oid} is {what}: get_order(order_id='{oid}') shows its items{tail}"

    def _state_note(self, order: dict) -> str:
        """How an order stands, in the words its details use ("return window open", "pending")."""
        if order["status"] == "delivered":
            return "return window open" if self._window_open(order) else "return window closed"
        return order["status"]

    def _require_status(self, order: dict, allowed: str, action: str, *, swap: bool = False) -> None:
        if order["status"] != allowed:
            if allowed == "pending":
                rule = "only pending orders can be changed"
            else:
                # 'delivered' is quoted: the condition that matters is the open return window
                rule = f"only orders with status 'delivered' can be returned or exchanged, while their return window is open ({RETURN_DAYS} days from delivery)"
            hint = self._eligible_hint(swap, allowed == "pending") if swap else ""
            raise ToolError(f"cannot {action} order {order['order_id']}: its status is {order['status']!r}; {rule}{hint}")

    def _require_window(self, order: dict, *, swap: bool = False) -> None:
        age = days_between(order["delivered_on"], self.today)
        if age > RETURN_DAYS:
            hint = self._eligible_hint(swap, False) if swap else ""
            raise ToolError(
                f"the {RETURN_DAYS}-day return window of order {order['order_id']} ended on {self._deadline(order)} "
                f"(delivery on {order['delivered_on']}, today is {self.today}){hint}"
            )

    def _take(self, order: dict, item_ids: list[str], what: str) -> None:
        """Check that ``item_ids`` (with repeats) are lines of the order not already returned."""
        if not item_ids:
            raise ToolError(f"name at least one item to {what}")
        have = Counter(line["item_id"] for line in order["items"])
        have.subtract(order["returned_items"])
        for iid, n in Counter(item_ids).items():
            if have.get(iid, 0) < n:
                ids = sorted(k for k, v in have.items() if v > 0)
                raise ToolError(
                    f"item {iid!r} is not in order {order['order_id']} ({self._state_note(order)}) {n} time(s); "
                    f"its items are {ids}: get_order(order_id='{order['order_id']}') shows them"
                )

    def _swap(self, order: dict, item_ids: list[str], new_item_ids: list[str]) -> tuple[list[dict], float, list[dict]]:
        """Validate a same-product swap; returns (new lines, price difference, exchange records)."""
        if len(item_ids) != len(new_item_ids):
            raise ToolError(
                f"item_ids and new_item_ids must pair up one to one, got {len(item_ids)} and {len(new_item_ids)}"
            )
        self._take(order, item_ids, "swap")
        need: Counter[str] = Counter()
        pairs = []
        for old, new in zip(item_ids, new_item_ids, strict=False):
            old_row, new_row = self._item(old), self._item(new)
            lookup = f"get_product(product_id='{old_row['product_id']}') lists them (order {order['order_id']}: {self._state_note(order)})"
            if new_row["product_id"] != old_row["product_id"]:
                raise ToolError(
                    f"item {new!r} ({new_row['product_name']}) is not a variant of {old_row['product_name']} ({old!r}): "
                    f"items can only be swapped for another variant of the same product; {lookup}"
                )
            if new == old:
                raise ToolError(
                    f"item {new!r} is the same variant ({old_row['description']}); choose another variant of "
                    f"{old_row['product_name']}: {lookup}"
                )
            need[new] += 1
            pairs.append({"from_item_id": old, "to_item_id": new})
        for new, n in need.items():
            row = self.items[new]
            if row["stock"] < n:
                raise ToolError(
                    f"variant {row['description']} of {row['product_name']} has {row['stock']} in stock, {n} needed; "
                    f"get_product(product_id='{row['product_id']}') shows which variants are in stock"
                )
            self.items.patch(new, stock=row["stock"] - n)
        lines = list(order["items"])
        for old, new in zip(item_ids, new_item_ids, strict=False):
            i = next(k for k, line in enumerate(lines) if line["item_id"] == old)
            lines[i] = self._lines[new]
        diff = _money(sum(self._lines[n]["price"] for n in new_item_ids) - sum(self._lines[o]["price"] for o in item_ids))
        return lines, diff, pairs

    @staticmethod
    def _address(street: str, city: str, state: str, zip_code: str) -> dict:
        if not street.strip() or not city.strip():
            raise ToolError("street and city must not be empty")
        state = state.strip().upper()
        if not _STATE.match(state):
            raise ToolError(f"state must be a two-letter code like 'CA', got {state!r}")
        if not _ZIP.match(zip_code):
            raise ToolError(f"zip code must be 5 digits, got {zip_code!r}")
        return {"street": street.strip(), "city": city.strip(), "state": state, "zip_code": zip_code}

    def _cart_lines(self) -> list[dict]:
        row = self.carts.get(self.customer)
        return row["lines"] if row else []

    def customize_graph(self, graph: Any) -> None:
        """Adding to the cart is what makes ``cart_not_empty`` hold for checkout and removal."""
        for dst in ("checkout", "remove_from_cart"):
            graph.add_edge("add_to_cart", dst, "state", flag="cart_not_empty")

    @condition
    def cart_not_empty(self) -> bool:
        """The authenticated customer's cart holds at least one item."""
        return self.customer is not None and bool(self._cart_lines())

    # --- authentication and profile -----------------------------------------------------------

    def _login(self, matches: list[dict], how: str) -> CustomerRef:
        if not matches:
            raise ToolError(f"no customer matches that {how}; check the spelling and the 5-digit zip code")
        c = matches[0]
        self.customer = c["customer_id"]
        return {"customer_id": c["customer_id"], "name": c["name"]}

    @tool(writes=True, establishes="authenticated")
    def authenticate_by_email(self, email: str, zip_code: str) -> CustomerRef:
        """Authenticate the customer by email address and zip code.

        Args:
            email: the customer's email address.
            zip_code: the 5-digit zip code of the customer's address.
        """
        e = email.strip().lower()
        return self._login(
            [c for c in self.customers.values() if c["email"].lower() == e and c["address"]["zip_code"] == zip_code.strip()],
            "email and zip code",
        )

    @tool(writes=True, establishes="authenticated")
    def authenticate_by_name(self, first_name: str, last_name: str, zip_code: str) -> CustomerRef:
        """Authenticate the customer by first name, last name and zip code.

        Args:
            first_name: the customer's first name.
            last_name: the customer's last name.
            zip_code: the 5-digit zip code of the customer's address.
        """
        f, last, z = first_name.strip().lower(), last_name.strip().lower(), zip_code.strip()
        return self._login(
            [
                c for c in self.customers.values()
                if c["first_name"].lower() == f and c["last_name"].lower() == last and c["address"]["zip_code"] == z
            ],
            "name and zip code",
        )

    @tool(writes=True, needs="authenticated", revokes="authenticated")
    def sign_out(self) -> Message:
        """Sign the customer out (their cart is kept)."""
        self.customer = None
        return {"status": "signed out", "message": "the customer is signed out"}

    @tool(needs="authenticated")
    def get_customer_profile(self) -> Profile:
        """The customer's profile: name, email, default address, payment methods (with ids), order count."""
        me = self._me()
        methods: list[PaymentMethod] = []
        for m in me["payment_methods"]:
            bal = self.gift_cards[m["payment_method_id"]]["balance"] if m["kind"] == "gift_card" else None
            methods.append({**m, "balance": bal})  # type: ignore[typeddict-item]
        return {
            "customer_id": me["customer_id"], "name": me["name"], "email": me["email"],
            "address": dict(me["address"]), "payment_methods": methods,  # type: ignore[typeddict-item]
            "order_count": len(me["order_ids"]),
        }

    @tool(writes=True, needs="authenticated")
    def update_default_address(self, street: str, city: str, state: str, zip_code: str) -> AddressChange:
        """Change the customer's default address (used for new orders; existing orders keep theirs).

        Args:
            street: street and number (and apartment).
            city: the city.
            state: two-letter state code, e.g. "CA".
            zip_code: 5-digit zip code.
        """
        addr = self._address(street, city, state, zip_code)
        row = self.customers.patch(self.customer, address=addr)
        return {"name": row["name"], "address": dict(addr)}  # type: ignore[typeddict-item]

    # --- catalogue ----------------------------------------------------------------------------

    @tool
    def list_categories(self) -> list[CategoryCount]:
        """The catalogue's categories with the number of products in each."""
        counts = Counter(p["category"] for p in self.products.values())
        return [{"category": c, "products": n} for c, n in sorted(counts.items())]

    @tool
    def search_products(
        self,
        query: str = "",
        category: Category | None = None,
        max_price: float | None = None,
        in_stock_only: bool = False,
        limit: int = 10,
    ) -> list[ProductRef]:
        """Search the catalogue by words in the product name; reveals product ids.

        Args:
            query: words that must all appear in the product name (case-insensitive); empty matches all.
            category: only this category.
            max_price: only products with a variant at or below this price.
            in_stock_only: only products with a variant in stock.
            limit: the most results (1-50).
        """
        words = query.lower().split()
        out: list[ProductRef] = []
        items = self.items
        for p in self.products.values():
            if category is not None and p["category"] != category:
                continue
            low = p["name"].lower()
            if any(w not in low for w in words):
                continue
            variants = [items[i] for i in p["item_ids"]]
            prices = [v["price"] for v in variants]
            in_stock = any(v["stock"] > 0 for v in variants)
            if max_price is not None and min(prices) > max_price:
                continue
            if in_stock_only and not in_stock:
                continue
            out.append({
                "product_id": p["product_id"], "name": p["name"], "category": p["category"],
                "min_price": min(prices), "max_price": max(prices), "variants": len(variants), "in_stock": in_stock,
            })
        out.sort(key=lambda r: (r["name"], r["product_id"]))
        return out[: max(1, min(limit, 50))]

    @tool
    def get_product(self, product_id: ProductId) -> ProductDetails:
        """A product's details and every variant (item id, options, price, stock).

        Args:
            product_id: the product (from search_products).
        """
        p = self.products.get(product_id)
        if p is None:
            raise ToolError(f"no product {product_id!r}; search_products gives product ids")
        variants: list[Variant] = [
            {
                "item_id": v["item_id"], "description": v["description"], "title": _title(v["product_name"], v["description"]),
                "options": dict(v["options"]),
                "price": v["price"], "stock": v["stock"], "available": v["stock"] > 0,
            }
            for v in (self.items[i] for i in p["item_ids"])
        ]
        return {
            "product_id": product_id, "name": p["name"], "category": p["category"],
            "description": p["description"], "variants": variants,
        }

    # --- cart and checkout --------------------------------------------------------------------

    def _cart(self) -> Any:
        lines: list[dict] = []
        for ln in self._cart_lines():
            it = self.items[ln["item_id"]]
            lines.append({
                "item_id": it["item_id"], "name": it["product_name"], "description": it["description"],
                "title": _title(it["product_name"], it["description"]), "quantity": ln["quantity"], "unit_price": it["price"], "subtotal": _money(it["price"] * ln["quantity"]),
            })
        return {
            "lines": lines, "item_count": sum(ln["quantity"] for ln in lines),
            "total": _money(sum(ln["subtotal"] for ln in lines)),
        }

    @tool(writes=True, needs="authenticated")
    def add_to_cart(self, item_id: VariantId, quantity: int = 1) -> CartReceipt:
        """Add a product variant to the cart.

        Args:
            item_id: the variant (from get_product).
            quantity: how many (1-10).
        """
        it = self._item(item_id)
        if not 1 <= quantity <= MAX_PER_ITEM:
            raise ToolError(f"quantity must be between 1 and {MAX_PER_ITEM}, got {quantity}")
        lines = [dict(ln) for ln in self._cart_lines()]
        line = next((ln for ln in lines if ln["item_id"] == item_id), None)
        want = quantity + (line["quantity"] if line else 0)
        if it["stock"] == 0:
            raise ToolError(f"{it['product_name']} ({it['description']}) is out of stock; get_product shows other variants")
        if want > it["stock"]:
            raise ToolError(f"only {it['stock']} of {it['product_name']} ({it['description']}) left in stock, {want} requested")
        if want > MAX_PER_ITEM:
            raise ToolError(f"at most {MAX_PER_ITEM} of one item per order; the cart already has {want - quantity}")
        if line:
            line["quantity"] = want  # a fresh copy, not the stored row
        else:
            lines.append({"item_id": item_id, "quantity": quantity})
        self.carts[self.customer] = {"customer_id": self.customer, "lines": lines}
        return self._cart()

    @tool(writes=True, needs=("authenticated", "cart_not_empty"))
    def remove_from_cart(self, item_id: VariantId, quantity: int | None = None) -> CartReceipt:
        """Remove a variant from the cart (all of it, or some).

        Args:
            item_id: the variant to remove.
            quantity: how many to remove (default: all).
        """
        lines = [dict(ln) for ln in self._cart_lines()]
        line = next((ln for ln in lines if ln["item_id"] == item_id), None)
        if line is None:
            raise ToolError(f"item {item_id!r} is not in the cart; view_cart shows what is")
        if quantity is not None and quantity < 1:
            raise ToolError(f"quantity must be at least 1, got {quantity}")
        if quantity is None or quantity >= line["quantity"]:
            lines.remove(line)
        else:
            line["quantity"] -= quantity
        if lines:
            self.carts[self.customer] = {"customer_id": self.customer, "lines": lines}
        else:
            del self.carts[self.customer]
        return self._cart()

    @tool(needs="authenticated")
    def view_cart(self) -> Cart:
        """The cart's lines and total."""
        return self._cart()

    @tool(writes=True, needs=("authenticated", "cart_not_empty"))
    def checkout(self, payment_method_id: PaymentMethodId) -> OrderReceipt:
        """Place an order for everything in the cart, shipped to the default address.

        Args:
            payment_method_id: one of the customer's payment methods (from get_customer_profile).
        """
        self._method(payment_method_id)
        me = self._me()
        order_lines: list[dict] = []
        for ln in self._cart_lines():
            it = self.items[ln["item_id"]]
            if it["stock"] < ln["quantity"]:
                raise ToolError(
                    f"only {it['stock']} of {it['product_name']} ({it['description']}) left; update the cart first"
                )
            self.items.patch(it["item_id"], stock=it["stock"] - ln["quantity"])
            order_lines += [self._lines[it["item_id"]]] * ln["quantity"]
        total = _money(sum(line["price"] for line in order_lines))
        self._charge(payment_method_id, total, "this order")
        oid = self._new_id("O", "order", self.orders)
        order = {
            "order_id": oid, "customer_id": self.customer, "status": "pending", "placed_on": self.today,
            "delivered_on": None, "items": order_lines, "total": total, "payment_method_id": payment_method_id,
            "address": me["address"], "tracking_number": None, "returned_items": [], "exchanges": [], "refunds": [],
        }
        self.orders[oid] = order
        self.customers.patch(self.customer, order_ids=[*me["order_ids"], oid])
        del self.carts[self.customer]
        return self._details(order)

    # --- orders -------------------------------------------------------------------------------

    @tool(needs="authenticated")
    def list_orders(self, status: OrderStatus | None = None) -> list[OrderRef]:
        """The customer's orders, newest first; reveals order ids.

        Args:
            status: only orders with this status.
        """
        ids = self._me()["order_ids"]
        # newest first; on the same day, the later-placed (later in the customer's list) first
        rows = [self.orders[ids[i]] for i in sorted(range(len(ids)), key=lambda i: (self.orders[ids[i]]["placed_on"], i), reverse=True)]
        return [
            {"order_id": r["order_id"], "summary": self._summary(r), "status": r["status"], "placed_on": r["placed_on"], "total": r["total"]}
            for r in rows
            if status is None or r["status"] == status
        ]

    @tool(needs="authenticated")
    def get_order(self, order_id: OrderId) -> OrderDetails:
        """An order's details: status, dates, return deadline, items, payment, address, tracking, refunds.

        Args:
            order_id: the order (from list_orders).
        """
        return self._details(self._order(order_id))

    @tool(writes=True, needs="authenticated")
    def cancel_order(self, order_id: OrderId, reason: Literal["no longer needed", "ordered by mistake"]) -> OrderReceipt:
        """Cancel a pending order; the total is refunded to the original payment method.

        Args:
            order_id: the order (from list_orders).
            reason: "no longer needed" or "ordered by mistake".
        """
        order = self._order(order_id)
        self._require_status(order, "pending", "cancel")
        for iid, n in Counter(line["item_id"] for line in order["items"]).items():
            self.items.patch(iid, stock=self.items[iid]["stock"] + n)
        refunds = self._refund(order, order["total"])
        order = self.orders.patch(order_id, status="cancelled", refunds=refunds, cancel_reason=reason)
        return self._details(order)

    @tool(writes=True, needs="authenticated")
    def return_items(self, order_id: OrderId, item_ids: list[ItemId]) -> OrderReceipt:
        """Return items of a delivered order within 30 days of delivery; refund to the original payment method.

        Args:
            order_id: the order (from list_orders).
            item_ids: the items to return (repeat an id to return several units).
        """
        order = self._order(order_id)
        self._require_status(order, "delivered", "return items of")
        self._require_window(order)
        self._take(order, item_ids, "return")
        amount = _money(sum(self._lines[i]["price"] for i in item_ids))
        refunds = self._refund(order, amount)
        order = self.orders.patch(order_id, status="return requested", returned_items=list(item_ids), refunds=refunds)
        return self._details(order)

    @tool(writes=True, needs="authenticated")
    def exchange_items(self, order_id: OrderId, item_ids: list[ItemId], new_item_ids: list[VariantId]) -> OrderReceipt:
        """Exchange items of a delivered order (within 30 days) for other variants of the same products.

        Args:
            order_id: the order (from list_orders).
            item_ids: the items to send back.
            new_item_ids: the variants wanted instead, paired one to one with item_ids (from get_product).
        """
        order = self._order(order_id)
        self._require_status(order, "delivered", "exchange items of", swap=True)
        self._require_window(order, swap=True)
        _, diff, pairs = self._swap(order, item_ids, new_item_ids)
        refunds = list(order["refunds"])
        if diff > 0:
            self._charge(order["payment_method_id"], diff, "the price difference")
        elif diff < 0:
            refunds = self._refund(order, -diff)
        order = self.orders.patch(order_id, status="exchange requested", exchanges=pairs, refunds=refunds)
        return self._details(order)

    @tool(writes=True, needs="authenticated")
    def modify_order_items(self, order_id: OrderId, item_ids: list[ItemId], new_item_ids: list[VariantId]) -> OrderReceipt:
        """Swap items of a pending order for other variants of the same products.

        Args:
            order_id: the order (from list_orders).
            item_ids: the items to replace.
            new_item_ids: the replacement variants, paired one to one with item_ids (from get_product).
        """
        order = self._order(order_id)
        self._require_status(order, "pending", "modify", swap=True)
        lines, diff, _ = self._swap(order, item_ids, new_item_ids)
        for iid, n in Counter(item_ids).items():
            self.items.patch(iid, stock=self.items[iid]["stock"] + n)
        refunds = list(order["refunds"])
        if diff > 0:
            self._charge(order["payment_method_id"], diff, "the price difference")
        elif diff < 0:
            refunds = self._refund(order, -diff)
        total = _money(sum(line["price"] for line in lines))
        order = self.orders.patch(order_id, items=lines, total=total, refunds=refunds)
        return self._details(order)

    @tool(writes=True, needs="authenticated")
    def modify_order_address(self, order_id: OrderId, street: str, city: str, state: str, zip_code: str) -> OrderReceipt:
        """Change the shipping address of a pending order.

        Args:
            order_id: the order (from list_orders).
            street: street and number (and apartment).
            city: the city.
            state: two-letter state code, e.g. "CA".
            zip_code: 5-digit zip code.
        """
        order = self._order(order_id)
        self._require_status(order, "pending", "change the address of")
        order = self.orders.patch(order_id, address=self._address(street, city, state, zip_code))
        return self._details(order)

    @tool(writes=True, needs="authenticated")
    def modify_order_payment(self, order_id: OrderId, payment_method_id: PaymentMethodId) -> OrderReceipt:
        """Change the payment method of a pending order (the old method is refunded).

        Args:
            order_id: the order (from list_orders).
            payment_method_id: the new payment method (from get_customer_profile).
        """
        order = self._order(order_id)
        self._require_status(order, "pending", "change the payment of")
        self._method(payment_method_id)
        if payment_method_id == order["payment_method_id"]:
            raise ToolError(f"order {order_id} is already paid with {payment_method_id}")
        self._charge(payment_method_id, order["total"], "this order")
        refunds = self._refund(order, order["total"])
        order = self.orders.patch(order_id, payment_method_id=payment_method_id, refunds=refunds)
        return self._details(order)

    # --- gift cards ---------------------------------------------------------------------------

    @tool(needs="authenticated")
    def get_gift_card_balance(self) -> list[GiftCard]:
        """The customer's gift cards and their balances."""
        return [
            {"gift_card_id": m["payment_method_id"], "description": m["description"], "balance": self.gift_cards[m["payment_method_id"]]["balance"]}
            for m in self._me()["payment_methods"]
            if m["kind"] == "gift_card"
        ]

    @tool(writes=True, needs="authenticated")
    def redeem_gift_card(self, code: str) -> GiftCardReceipt:
        """Redeem a gift code onto the customer's gift card (one is created if they have none).

        Args:
            code: the code printed on the gift card, like "GIFT-AB12-CD34".
        """
        key = code.strip().upper()
        row = self.gift_codes.get(key)
        if row is None:
            raise ToolError(f"no gift code {code!r}; check it (format GIFT-XXXX-XXXX)")
        if row["redeemed_by"] is not None:
            raise ToolError(f"gift code {key} was already redeemed")
        me = self._me()
        method = next((m for m in me["payment_methods"] if m["kind"] == "gift_card"), None)
        if method is None:
            gid = self._new_id("gift_card_", "gift_card", self.gift_cards, width=4)
            self.gift_cards[gid] = {"gift_card_id": gid, "customer_id": self.customer, "balance": 0.0}
            method = {"payment_method_id": gid, "kind": "gift_card", "description": f"gift card {gid[-4:]}"}
            self.customers.patch(self.customer, payment_methods=[*me["payment_methods"], method])
        gid = method["payment_method_id"]
        card = self.gift_cards.patch(gid, balance=_money(self.gift_cards[gid]["balance"] + row["amount"]))
        self.gift_codes.patch(key, redeemed_by=self.customer)
        return {"gift_card_id": gid, "description": method["description"], "balance": card["balance"]}

