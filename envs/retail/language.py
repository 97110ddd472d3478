"""How shoppers ask the store's service desk for things, and how the agent reports them (see envs/language.py).

Asks are what a customer would type into the store's chat; ``task`` is what the agent thinks it
is doing; answers state what was asked for (a search's products and prices, a variant's stock,
an order's status with its tracking number or return deadline, a cart's total), never a dump.

Customers name things as the store shows them: a product by its name ("the Nova Scarf"), a
variant or an order's item by its title, the product with its options ("the Nova Scarf (gray /
wool)"), an order by its summary ("my order of 7 x Nova Scarf (gray / wool) placed on
2025-06-14"), a payment method by its description ("my visa ending in 4242").
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS"]

NOUNS = {
    "customer": Noun("customer", named=("{}",)),
    "product": Noun("product", named=("the {}", "{}")),
    "item": Noun("item", named=("the {}", "{}")),
    "variant": Noun("variant", named=("the {}", "{}")),
    "order": Noun("order", named=("my order of {}", "the order of {}", "the order with {}")),
    "payment_method": Noun("payment method", named=("my {}", "the {}")),
}

_CATEGORIES = (
    "apparel", "footwear", "bags", "electronics", "kitchen", "home", "furniture", "outdoor", "sports", "accessories",
    "stationery",
)

# What shoppers type into the store's search box: product types and a few product names, each
# matching the catalogue (every word of a query must be in a product's name).
_QUERIES = (
    "scarf", "coffee maker", "backpack", "wireless mouse", "water bottle", "hiking boots", "yoga mat", "rain jacket",
    "headphones", "standing desk", "kettle", "sneakers", "notebook", "sleeping bag", "desk lamp", "office chair",
    "bluetooth speaker", "mechanical keyboard", "sunglasses", "blender", "tent", "hoodie", "smart watch", "skillet",
    "Nova Scarf", "Summit Backpack", "Orbit Water Bottle", "Classic Jeans",
)

_ADDRESS = "{street}, {city}, {state} {zip_code}"

LANGUAGE = {
    "authenticate_by_email": ToolLanguage(
        task=("verify the customer by email and zip code", "look up the customer's account by {email} and zip {zip_code}"),
        asks=(
            "my email is {email} and my zip is {zip_code}",
            "look up my account: {email}, zip code {zip_code}",
            "verify me with {email} and zip {zip_code}",
            "I'm {email}, zip code {zip_code}; pull up my account",
            "sign me in using my email {email} and zip {zip_code}",
            "find my account by email, {email}, and zip code {zip_code}",
            "here's my email, {email}, and my zip code is {zip_code}",
            "{email} is my email and {zip_code} my zip; find my account",
        ),
        context=(
            "my email is {email} and my zip code is {zip_code}",
            "I'm {email}, zip {zip_code}",
            "the account is under {email} with zip {zip_code}",
        ),
        answer=Answer(
            fields=("name",),
            says=("Thanks, {name}: you're verified.", "I've found your account, {name}.", "You're signed in as {name}."),
        ),
    ),
    "authenticate_by_name": ToolLanguage(
        task=("verify the customer by name and zip code", "look up {first_name} {last_name}'s account with zip {zip_code}"),
        asks=(
            "I'm {first_name} {last_name}, zip {zip_code}",
            "look me up as {first_name} {last_name} in {zip_code}",
            "find my account: {first_name} {last_name}, zip code {zip_code}",
            "verify me: name {first_name} {last_name}, zip {zip_code}",
            "my name is {first_name} {last_name} and my zip is {zip_code}; pull up my account",
            "sign me in as {first_name} {last_name} ({zip_code})",
            "it's {first_name} {last_name} from zip code {zip_code}, can you find me?",
            "find me: {first_name} {last_name}, zip code {zip_code}",
        ),
        context=(
            "my name is {first_name} {last_name} and my zip code is {zip_code}",
            "I'm {first_name} {last_name}, zip {zip_code}",
            "the account is in the name of {first_name} {last_name}, zip {zip_code}",
        ),
        answer=Answer(
            fields=("name",),
            says=("Thanks, {name}: you're verified.", "Found you, {name}; how can I help?", "You're signed in as {name}."),
        ),
    ),
    "sign_out": ToolLanguage(
        task=("sign the customer out",),
        asks=(
            "sign me out",
            "log out of my account",
            "end this session",
            "I'm finished, sign me out",
            "that's everything; log me off",
            "close my session",
            "log me off",
            "we're done here; sign me out of the store",
        ),
        answer=Answer(
            says=(
                "You're signed out; your cart is saved for next time.",
                "Signed out. Anything in your cart will still be there.",
                "Done, you're logged out.",
            ),
        ),
    ),
    "get_customer_profile": ToolLanguage(
        task=("look up the customer's profile", "check the customer's address and payment methods"),
        asks=(
            "show my account details",
            "what payment methods do I have on file?",
            "what address do you have for me?",
            "which email is on my account?",
            "pull up my profile",
            "which cards and gift cards are saved?",
            "what's on file for me?",
            "what details do you have on my account?",
        ),
        answer=Answer(
            items="payment_methods",
            each="{description}",
            fields=("email", "address.street", "address.city"),
            says=(
                "You're {name} ({email}); we ship to {address.street}, {address.city}, {address.state} {address.zip_code}, and you can pay with {items}.",
                "On file: email {email}, address {address.street}, {address.city}, {address.state} {address.zip_code}. Payment methods: {items}.",
                "Your address is {address.street}, {address.city}, {address.state} {address.zip_code} and your email is {email}; you can pay with {items}.",
            ),
            empty=(
                "There are no payment methods on your account yet; your address is {address.street}, {address.city}.",
                "You have no saved payment methods; we have {email} as your email.",
            ),
        ),
    ),
    "update_default_address": ToolLanguage(
        task=("change the customer's default address to " + _ADDRESS,),
        asks=(
            "change my address to " + _ADDRESS,
            "I moved to {street} in {city}, {state} {zip_code}; update my address",
            "update my default shipping address to " + _ADDRESS,
            "my new address is " + _ADDRESS,
            "ship future orders to " + _ADDRESS,
            "set my default address to " + _ADDRESS,
            "use " + _ADDRESS + " as my address from now on",
            "make {street}, {city}, {state} {zip_code} my default address",
        ),
        why=("I just moved", "we relocated last month"),
        answer=Answer(
            says=(
                "Your default address is now {address.street}, {address.city}, {address.state} {address.zip_code}; orders already placed keep their old one.",
                "Updated: new orders will go to {address.street}, {address.city}, {address.state} {address.zip_code}.",
                "Done, I've saved {address.street}, {address.city} as your default address.",
            ),
        ),
    ),
    "list_categories": ToolLanguage(
        task=("list the store's categories",),
        asks=(
            "what categories do you sell?",
            "list the store's departments",
            "what kinds of products do you have?",
            "show me the categories",
            "what sections does the store have?",
            "how is the catalogue organised?",
            "what do you carry?",
            "which departments can I shop in?",
        ),
        answer=Answer(
            each="{category} ({products} products)",
            says=("We carry {count} categories: {items}.", "The store's departments: {items}.", "There are {count} sections: {items}."),
            empty=("The catalogue has no categories right now.", "There are no categories to show."),
        ),
        kinds={"products": "count"},
    ),
    "search_products": ToolLanguage(
        task=("search the catalogue for {query}", "look up products matching {query}"),
        asks=(
            "search for {query}",
            "do you sell {query}?",
            "find {query} for me",
            "look up {query} in the catalogue",
            "I'm looking for {query}",
            "what products match {query}?",
            "have you got anything called {query}?",
            "browse your products",
            "show me what you have in the store",
        ),
        context=(
            "it's called {query}",
            "you'll find it under {query}",
            "the name has {query} in it",
            "it costs {max_price} at most",
            "my budget for it is {max_price}, tops",
            "it's in the {category} section",
            # when only a price, a stock filter or a limit is to be stated: the phrases follow
            "it's something from your catalogue",
        ),
        params={
            "query": ("matching {}", "called {}"),
            "category": {c: (f"in the {c} category", f"from the {c} section") for c in _CATEGORIES},
            "max_price": ("under {}", "for {} or less", "at {} or less"),
            "in_stock_only": {True: ("as long as it's in stock", "but only what's in stock")},
            "limit": ("just the first {}", "no more than {} results"),
        },
        values={"query": _QUERIES},
        answer=Answer(
            each="{name} (from {min_price})",
            says=("Here's what matches: {items}.", "Products that fit ({count} in all): {items}.", "I found these: {items}."),
            empty=("Nothing in the catalogue matches that.", "I couldn't find a product like that; try fewer words."),
        ),
    ),
    "get_product": ToolLanguage(
        task=("look up the variants of {product_id}", "check the options and stock of {product_id}"),
        asks=(
            "show me the options for {product_id}",
            "what variants does {product_id} come in?",
            "tell me about {product_id}",
            "what does {product_id} cost in each version?",
            "is {product_id} in stock?",
            "pull up {product_id}",
            "what choices are there for {product_id}?",
            "which versions of {product_id} can I get?",
        ),
        context=("it's {product_id}", "I'm looking at {product_id}"),
        answer=Answer(
            items="variants",
            each="{description} at {price} ({stock} in stock)",
            says=(
                "The {name} comes in {count} variants: {items}.",
                "{name}: {items}.",
                "Here are the options for the {name}: {items}.",
            ),
            empty=("The {name} has no variants listed.", "There's nothing to choose from for the {name} right now."),
        ),
        kinds={"stock": "count"},
    ),
    "add_to_cart": ToolLanguage(
        task=("add {item_id} to the cart",),
        asks=(
            "add {item_id} to my cart",
            "put {item_id} in the cart",
            "I want to buy {item_id}",
            "throw {item_id} in my basket",
            "I'll take {item_id}",
            "grab {item_id} for me",
            "get {item_id} into my cart",
            "stick {item_id} in my basket",
        ),
        params={"quantity": ("in a quantity of {}", "and make it {}")},
        answer=Answer(
            fields=("total",),
            says=(
                "Added {item_id}; your cart comes to {total} now.",
                "{item_id} is in your cart. The cart total is {total}.",
                "Done: I put {item_id} in the cart, which now totals {total}.",
            ),
        ),
    ),
    "remove_from_cart": ToolLanguage(
        task=("remove {item_id} from the cart",),
        asks=(
            "remove {item_id} from my cart",
            "take {item_id} out of the cart",
            "I don't want {item_id} anymore",
            "drop {item_id} from my basket",
            "delete {item_id} from the cart",
            "get rid of {item_id} in my cart",
            "I changed my mind about {item_id}; take it out",
            "{item_id} can come out of my cart",
        ),
        params={"quantity": ("but only {} of them", "and only {} of those")},
        answer=Answer(
            fields=("total",),
            says=(
                "Removed {item_id}; the cart now comes to {total}.",
                "Done, {item_id} is out of your cart. The total is {total}.",
                "I took {item_id} out; your cart total is {total}.",
            ),
        ),
    ),
    "view_cart": ToolLanguage(
        task=("look up what's in the cart",),
        asks=(
            "what's in my cart?",
            "show my cart",
            "how much is my cart?",
            "what have I got in the basket?",
            "list my cart",
            "what does my cart come to?",
            "check my cart for me",
            "what's my cart total?",
        ),
        answer=Answer(
            items="lines",
            each="{quantity} x {title} at {unit_price}",
            fields=("total",),
            says=(
                "Your cart comes to {total}: {items}.",
                "In your cart: {items}. Total: {total}.",
                "You have {items} in the cart, {total} altogether.",
            ),
            empty=("Your cart is empty.", "There's nothing in your cart yet."),
        ),
        kinds={"quantity": "count"},
    ),
    "checkout": ToolLanguage(
        task=("place the order and pay with {payment_method_id}", "check out with {payment_method_id}"),
        asks=(
            "check out and pay with {payment_method_id}",
            "place the order using {payment_method_id}",
            "buy what's in my cart with {payment_method_id}",
            "I'm ready to order; charge {payment_method_id}",
            "complete my purchase with {payment_method_id}",
            "pay for my cart with {payment_method_id}",
            "go ahead and order everything, paying by {payment_method_id}",
            "let's check out; use {payment_method_id}",
        ),
        answer=Answer(
            fields=("total",),
            says=(
                "Order placed for {total}, paid with {payment_method_id}; it's {status} and will ship to {address.street}, {address.city}.",
                "Done: {payment_method_id} was charged {total}, and the order will go to {address.street}, {address.city}, {address.state}.",
                "Your order is in ({total} on {payment_method_id}). It's {status} for now, so you can still change it before it ships.",
            ),
        ),
    ),
    "list_orders": ToolLanguage(
        task=("list the customer's orders", "look up the customer's orders"),
        asks=(
            "show my orders",
            "what have I ordered?",
            "list my orders",
            "pull up my order history",
            "what orders do I have with you?",
            "remind me what I've bought lately",
            "give me a rundown of my orders",
            "which orders have I placed?",
        ),
        context=("it's one of my {status} orders", "it's one of my orders", "it's in my order history"),
        params={
            "status": {
                "pending": ("that haven't shipped yet", "still pending"),
                "processed": ("that have shipped", "that are on their way"),
                "delivered": ("that arrived", "already delivered"),
                "cancelled": ("that were cancelled", "the cancelled ones"),
                "return requested": ("with a return requested", "with a return under way"),
                "exchange requested": ("with an exchange requested", "with an exchange under way"),
            },
        },
        answer=Answer(
            each="{summary} ({status}, {total})",
            says=("Your orders, newest first: {items}.", "Here's what I found ({count} in all): {items}.", "On your account: {items}."),
            empty=("You have no orders like that.", "No order of yours matches that."),
        ),
    ),
    "get_order": ToolLanguage(
        task=("look up {order_id}", "check the status of {order_id}"),
        asks=(
            "show the details of {order_id}",
            "where is {order_id}?",
            "what's the status of {order_id}?",
            "has {order_id} shipped yet?",
            "can I still return {order_id}?",
            "when did {order_id} arrive?",
            "pull up {order_id}",
            "what's going on with {order_id}?",
        ),
        context=("it's about {order_id}", "I mean {order_id}"),
        answer=Answer(
            fields=("status",),
            says=("Your order of {summary} is {status}.", "The order of {summary} is {status}; the total was {total}."),
            when={
                "return_window": {
                    "open": (
                        "Your order of {summary} is {status} (it arrived on {delivered_on}); you can return or exchange it until {return_deadline}.",
                        "The order of {summary} is {status}: it came on {delivered_on}, and the return window is open until {return_deadline}.",
                    ),
                    "closed": (
                        "Your order of {summary} was {status} on {delivered_on}; its return window closed on {return_deadline}.",
                        "The order of {summary} is {status} (it arrived {delivered_on}), but the 30-day return window ended {return_deadline}.",
                    ),
                },
                "status": {
                    "pending": (
                        "Your order of {summary} is {status}: it hasn't shipped yet, so it can still be changed or cancelled.",
                        "The order of {summary} is still {status}; nothing has shipped, and you can still make changes.",
                    ),
                    "processed": (
                        "Your order of {summary} has shipped (status {status}); the tracking number is {tracking_number}.",
                        "The order of {summary} is {status} and on its way: tracking number {tracking_number}.",
                    ),
                    "cancelled": (
                        "Your order of {summary} is {status}; its {total} went back to the original payment method.",
                        "The order of {summary} was {status}, and the {total} was refunded.",
                    ),
                    "return requested": (
                        "A return is under way for your order of {summary} (status {status}); the refund goes to the original payment method.",
                        "The status of the order of {summary} is {status}: we're waiting for the items to come back.",
                    ),
                    "exchange requested": (
                        "An exchange is under way for your order of {summary} (status {status}).",
                        "The status of the order of {summary} is {status}; the replacements go out once the originals are back.",
                    ),
                },
            },
        ),
    ),
    "cancel_order": ToolLanguage(
        task=("cancel {order_id}",),
        asks=(
            "cancel {order_id}",
            "I want to cancel {order_id}",
            "call off {order_id}",
            "stop {order_id} before it ships",
            "cancel {order_id} for me",
            "scrap {order_id}",
            "I need {order_id} cancelled",
            "I no longer want {order_id}; cancel it",
        ),
        params={
            "reason": {
                "no longer needed": ("because it's no longer needed", "as it isn't needed anymore"),
                "ordered by mistake": ("because it was ordered by mistake", "since the order was a mistake"),
            },
        },
        answer=Answer(
            fields=("total",),
            says=(
                "Cancelled your order of {summary}. The {total} goes back to your original payment method.",
                "The order of {summary} is now {status}; you'll be refunded {total}.",
                "Done, your order of {summary} is {status}, and {total} is on its way back to you.",
            ),
        ),
    ),
    "return_items": ToolLanguage(
        task=("return {item_ids} from {order_id}",),
        asks=(
            "return {item_ids} from {order_id}",
            "I want to send back {item_ids} from {order_id}",
            "start a return of {item_ids} in {order_id}",
            "I'd like a refund for {item_ids} from {order_id}",
            "send {item_ids} back from {order_id}",
            "process a return for {item_ids} in {order_id}",
            "I need to return {item_ids} from {order_id}",
            "I'm returning {item_ids} from {order_id}; refund me",
        ),
        why=("it doesn't fit", "it wasn't what I expected", "I found it cheaper elsewhere"),
        answer=Answer(
            items="refunds",
            each="{amount} ({status})",
            says=(
                "The return for your order of {summary} is in. Refund: {items}.",
                "I've started the return on the order of {summary}; you'll get {items}.",
                "Done: the return is requested, and the refund of {items} goes to your original payment method ({summary}).",
            ),
            empty=("The return for your order of {summary} is requested.", "Your return on the order of {summary} is under way."),
        ),
    ),
    "exchange_items": ToolLanguage(
        task=("exchange {item_ids} from {order_id} for {new_item_ids}",),
        asks=(
            "exchange {item_ids} in {order_id} for {new_item_ids}",
            "swap {item_ids} from {order_id} for {new_item_ids}",
            "I'd like {new_item_ids} instead of {item_ids} from {order_id}",
            "can I trade {item_ids} from {order_id} for {new_item_ids}?",
            "send me {new_item_ids} in exchange for {item_ids} from {order_id}",
            "replace {item_ids} from {order_id} with {new_item_ids}",
            "trade {item_ids} from {order_id} for {new_item_ids}",
            "I'd like to switch {item_ids} from {order_id} to {new_item_ids}",
        ),
        why=("it's the wrong size", "I'd prefer another color"),
        answer=Answer(
            says=(
                "The exchange of {item_ids} for {new_item_ids} is set up on your order of {summary}; any price difference is settled on your original payment method.",
                "Your exchange is under way: {new_item_ids} ships once {item_ids} comes back ({summary}).",
                "Exchange requested: {item_ids} for {new_item_ids}. The status of the order of {summary} is now {status}.",
            ),
        ),
    ),
    "modify_order_items": ToolLanguage(
        task=("change {item_ids} in {order_id} to {new_item_ids}",),
        asks=(
            "change {item_ids} in {order_id} to {new_item_ids}",
            "before it ships, switch {item_ids} in {order_id} for {new_item_ids}",
            "in {order_id}, replace {item_ids} with {new_item_ids}",
            "I ordered {item_ids} in {order_id} but want {new_item_ids} instead",
            "update {order_id}: {new_item_ids} rather than {item_ids}",
            "swap {item_ids} for {new_item_ids} in {order_id} while it hasn't shipped",
            "change {item_ids} to {new_item_ids} in {order_id}",
            "{order_id} hasn't shipped yet, right? swap {item_ids} for {new_item_ids} in it",
        ),
        answer=Answer(
            fields=("total",),
            says=(
                "Swapped {item_ids} for {new_item_ids} in {order_id}: it's now {summary}, {total} in total.",
                "Done, {new_item_ids} replaces {item_ids} in {order_id}. The new total is {total}; any difference is charged or refunded to the original payment method.",
                "Changed {item_ids} to {new_item_ids} in {order_id}, which comes to {total} now.",
            ),
        ),
    ),
    "modify_order_address": ToolLanguage(
        task=("change the shipping address of {order_id} to " + _ADDRESS,),
        asks=(
            "ship {order_id} to " + _ADDRESS + " instead",
            "change the delivery address of {order_id} to " + _ADDRESS,
            "send {order_id} to " + _ADDRESS,
            "I need {order_id} delivered to " + _ADDRESS,
            "redirect {order_id} to " + _ADDRESS,
            "update the shipping address on {order_id}: " + _ADDRESS,
            "have {order_id} shipped to {street}, {city}, {state} {zip_code}",
            "is it too late to send {order_id} to {street}, {city}, {state} {zip_code} instead?",
        ),
        why=("I'll be at my parents' that week", "I'm moving before it arrives"),
        answer=Answer(
            fields=("address.street", "address.city"),
            says=(
                "Done: your order of {summary} will ship to {address.street}, {address.city}, {address.state} {address.zip_code}.",
                "The shipping address of the order of {summary} is now {address.street}, {address.city}, {address.state} {address.zip_code}.",
                "Updated; the order of {summary} will go to {address.street} in {address.city}.",
            ),
        ),
    ),
    "modify_order_payment": ToolLanguage(
        task=("pay for {order_id} with {payment_method_id} instead",),
        asks=(
            "pay for {order_id} with {payment_method_id} instead",
            "switch the payment of {order_id} to {payment_method_id}",
            "charge {order_id} to {payment_method_id}",
            "I'd rather use {payment_method_id} for {order_id}",
            "move {order_id} onto {payment_method_id}",
            "change how I'm paying for {order_id}: use {payment_method_id}",
            "put {order_id} on {payment_method_id}",
            "use {payment_method_id} to pay for {order_id} instead",
        ),
        answer=Answer(
            fields=("total",),
            says=(
                "Done: the {total} for your order of {summary} is now charged to {payment_method_id}, and the old method is refunded.",
                "The {total} for the order of {summary} moves to {payment_method_id}; the original charge comes back to you.",
                "Switched the order of {summary} to {payment_method_id}. The old payment method gets its {total} back.",
            ),
        ),
    ),
    "get_gift_card_balance": ToolLanguage(
        task=("check the customer's gift card balance",),
        asks=(
            "what's my gift card balance?",
            "how much is left on my gift cards?",
            "check my gift card",
            "do I have any gift card money?",
            "how much store credit do I have?",
            "what's on my gift card?",
            "tell me my gift card balance",
            "how much money is on my gift card?",
        ),
        answer=Answer(
            each="{description} with {balance}",
            says=("You have {items}.", "Gift card balance: {items}.", "On your account: {items}."),
            empty=("You have no gift card on file.", "There's no gift card on your account."),
        ),
    ),
    "redeem_gift_card": ToolLanguage(
        task=("redeem the gift code {code}",),
        asks=(
            "redeem the gift code {code}",
            "add gift card {code} to my account",
            "I got a gift card, the code is {code}",
            "put {code} on my account",
            "apply the gift code {code}",
            "load {code} onto my gift card",
            "use my gift code {code}",
            "redeem {code} for me",
        ),
        why=("it was a birthday present", "I got it from work"),
        answer=Answer(
            fields=("balance",),
            says=(
                "Redeemed: your gift card balance is now {balance}.",
                "Done, {code} is on your account; the balance is {balance}.",
                "Your gift card now holds {balance}.",
            ),
        ),
    ),
}
