"""``Support``: a customer-support help desk (tickets, workflow rules, SLAs, knowledge base)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from toolgym.envs import Entity, ToolEnv, ToolError, state, tool
from toolgym.envs.world import WorldScope, derive_seed

from .data import SLA_MINUTES, build_world, minute_of, stamp
from .language import LANGUAGE, NOUNS, SCENES

__all__ = ["Support"]

CustomerId = Annotated[str, Entity("customer", label="name")]
TicketId = Annotated[str, Entity("ticket", label="subject")]
AgentId = Annotated[str, Entity("agent", label="name")]
ArticleId = Annotated[str, Entity("article", label="title")]

Team = Literal["billing", "technical", "accounts", "shipping", "escalations"]
WorkTeam = Literal["billing", "technical", "accounts", "shipping"]
Priority = Literal["low", "normal", "high", "urgent"]
Status = Literal["new", "open", "pending", "on_hold", "solved", "closed"]

_ACTIVE = ("open", "pending", "on_hold")
_MAX_LINKS = 5


class Session(TypedDict):
    agent_id: AgentId
    name: str
    team: Team
    open_assigned: int


class CustomerMatch(TypedDict):
    customer_id: CustomerId
    name: str
    email: str
    company: str
    tier: Literal["free", "pro", "enterprise"]


class CustomerProfile(CustomerMatch):
    phone: str
    city: str
    customer_since: str
    open_tickets: int
    total_tickets: int


class AgentRef(TypedDict):
    agent_id: AgentId
    name: str
    team: Team
    status: Literal["available", "away", "out_of_office"]
    role: Literal["agent", "lead"]


class TicketSummary(TypedDict):
    ticket_id: TicketId
    subject: str
    customer_id: CustomerId
    status: Status
    priority: Priority
    team: Team
    assignee_id: AgentId | None
    created_at: str
    sla_due_at: str


class ArticleRef(TypedDict):
    article_id: ArticleId
    title: str
    category: WorkTeam


class ArticleMatch(ArticleRef):
    summary: str
    views: int


class TicketView(TicketSummary):
    description: str
    customer_name: str
    assignee_name: str | None
    updated_at: str
    resolution: str | None
    resolved_at: str | None
    escalated: bool
    merged_into: TicketId | None
    linked_articles: list[ArticleRef]


class CommentView(TypedDict):
    comment_id: str
    ticket_id: TicketId
    author_type: Literal["agent", "customer"]
    author_name: str
    body: str
    public: bool
    created_at: str


class SlaView(TypedDict):
    ticket_id: TicketId
    priority: Priority
    status: Status
    created_at: str
    sla_due_at: str
    target_hours: int
    remaining_minutes: int
    state: Literal["on_track", "at_risk", "breached", "met"]


class HistoryEvent(TypedDict):
    at: str
    actor: str
    action: str
    detail: str


class MergeResult(TypedDict):
    source_ticket_id: TicketId
    target_ticket_id: TicketId
    source_status: Status
    comments_moved: int


class Support(ToolEnv):
    """You are the assistant of a support agent at a software company's help desk, acting in the
    ticketing system on the agent's behalf.

    Ids of customers, tickets, agents and articles come only from tool results (find_customers,
    search_tickets, find_agents, search_articles...); never guess them. The help desk's written
    workflow rules, which the tools enforce:
    - Log in first with the agent's username and password; every other tool needs the session.
    - Statuses: new -> open -> pending (waiting on the customer) / on_hold (waiting on a third
      party) -> open -> solved -> closed. A new ticket opens when it is assigned.
    - Only the ticket's assignee may change its status, resolve it, or close it; assign it to
      yourself first if the user asks you to work on it.
    - A ticket is solved only with resolve_ticket and a resolution note (at least 10
      characters). A ticket can be closed only once solved. Solved tickets can be reopened;
      closed tickets are read-only (open a follow-up ticket instead).
    - Assign only to agents of the ticket's team who are not out of office; to move a ticket to
      another team use transfer_ticket.
    - Priority "urgent" is reserved for enterprise-tier customers. Changing priority needs a reason.
    - Escalation is only for tickets of priority high or urgent; it moves the ticket to the
      escalations team and assigns an available escalations agent. A ticket escalates once.
    - Merge only duplicates of the same customer; the source is closed and its comments move
      to the target.
    - SLA resolution targets from creation: urgent 4 h, high 8 h, normal 24 h, low 72 h.
    - At most 5 knowledge-base articles can be linked to a ticket.
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES

    session = state(None)
    me_id = state("")
    now = state(0)  # simulated clock in minutes; every change advances it by a minute
    seq = state(0)

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self.agents = made["agents"]
        self.customers = made["customers"]
        self.tickets = made["tickets"]
        self.comments = made["comments"]
        self.articles = made["articles"]
        self.history = made["history"]
        self.account = made["account"]
        self.me_id = made["me_id"]
        self.now = made["now"]

    # --- helpers ---------------------------------------------------------------------------

    def _new_id(self, prefix: str, table: Any, width: int = 6) -> str:
        while True:
            self.seq += 1
            new = f"{prefix}{derive_seed(self.world.seed, 'support', self.seq) % 16**width:0{width}x}"
            if new not in table:
                return new

    def _tick(self) -> str:
        self.now += 1
        return stamp(self.now)

    def _log(self, ticket_id: str, action: str, detail: str) -> str:
        at = self._tick()
        self.seq += 1
        eid = f"EV{self.seq:06d}"
        self.history[eid] = {"event_id": eid, "ticket_id": ticket_id, "at": at, "actor_id": self.me_id, "action": action, "detail": detail}
        return at

    def _customer(self, customer_id: str) -> dict[str, Any]:
        row = self.customers.get(customer_id)
        if row is None:
            raise ToolError(f"no customer with id {customer_id!r}; use find_customers to get customer ids")
        return row

    def _agent(self, agent_id: str) -> dict[str, Any]:
        row = self.agents.get(agent_id)
        if row is None:
            raise ToolError(f"no agent with id {agent_id!r}; use find_agents to get agent ids")
        return row

    def _ticket(self, ticket_id: str, writable: bool = False) -> dict[str, Any]:
        row = self.tickets.get(ticket_id)
        if row is None:
            raise ToolError(f"no ticket with id {ticket_id!r}; use search_tickets or list_customer_tickets to get ticket ids")
        if writable and row["status"] == "closed":
            hint = f" (merged into {row['merged_into']})" if row["merged_into"] else ""
            raise ToolError(f"ticket {ticket_id} is closed{hint} and read-only; create a follow-up ticket with create_ticket")
        return row

    def _mine(self, t: dict[str, Any], action: str) -> None:
        if t["assignee_id"] != self.me_id:
            who = self.agents[t["assignee_id"]]["name"] if t["assignee_id"] else "nobody"
            raise ToolError(
                f"only the assignee may {action} ticket {t['ticket_id']}; it is assigned to {who}. "
                f"Assign it to yourself first: assign_ticket(ticket_id, agent_id='{self.me_id}')"
            )

    def _article(self, article_id: str) -> dict[str, Any]:
        row = self.articles.get(article_id)
        if row is None:
            raise ToolError(f"no article with id {article_id!r}; use search_articles to get article ids")
        return row

    def _summary(self, t: dict[str, Any]) -> TicketSummary:
        return {
            "ticket_id": t["ticket_id"], "subject": t["subject"], "customer_id": t["customer_id"], "status": t["status"],
            "priority": t["priority"], "team": t["team"], "assignee_id": t["assignee_id"], "created_at": t["created_at"],
            "sla_due_at": t["sla_due_at"],
        }

    def _view(self, t: dict[str, Any]) -> TicketView:
        a = t["assignee_id"]
        return {
            **self._summary(t), "description": t["description"], "customer_name": self.customers[t["customer_id"]]["name"],
            "assignee_name": self.agents[a]["name"] if a else None, "updated_at": t["updated_at"],
            "resolution": t["resolution"], "resolved_at": t["resolved_at"], "escalated": t["escalated"],
            "merged_into": t["merged_into"],
            "linked_articles": [
                {"article_id": k, "title": self.articles[k]["title"], "category": self.articles[k]["category"]}
                for k in t["linked_articles"]
            ],
        }

    def _update(self, ticket_id: str, action: str, detail: str, **changes: Any) -> dict[str, Any]:
        at = self._log(ticket_id, action, detail)
        return self.tickets.patch(ticket_id, updated_at=at, **changes)

    def _check_priority(self, customer: dict[str, Any], priority: str) -> None:
        if priority == "urgent" and customer["tier"] != "enterprise":
            raise ToolError(
                f"priority 'urgent' is reserved for enterprise customers; {customer['name']} is on the "
                f"{customer['tier']} tier (use 'high')"
            )

    @staticmethod
    def _note(text: str, what: str, minimum: int = 1, maximum: int = 5000) -> str:
        text = text.strip()
        if len(text) < minimum:
            raise ToolError(f"{what} needs at least {minimum} characters, got {len(text)}")
        if len(text) > maximum:
            raise ToolError(f"{what} has at most {maximum} characters, got {len(text)}")
        return text

    # --- session ---------------------------------------------------------------------------

    @tool(writes=True, establishes="logged_in")
    def login(self, username: str, password: str) -> Session:
        """Log in to the help desk as the agent; every other tool needs this session.

        Args:
            username: the agent's username.
            password: the agent's password.
        """
        acct = self.account["me"]
        if username.strip().lower() != acct["username"].lower():
            raise ToolError(f"no agent account with username {username!r}")
        if password != acct["password"]:
            raise ToolError(f"wrong password for {username!r}")
        self.session = self.me_id
        me = self.agents[self.me_id]
        mine = sum(1 for t in self.tickets.values() if t["assignee_id"] == self.me_id and t["status"] in _ACTIVE)
        return {"agent_id": self.me_id, "name": me["name"], "team": me["team"], "open_assigned": mine}

    @tool(writes=True, needs="logged_in", revokes="logged_in")
    def logout(self) -> str:
        """Log out of the help desk."""
        self.session = None
        return "logged out"

    # --- people ----------------------------------------------------------------------------

    @tool(needs="logged_in")
    def find_customers(self, query: str, limit: int = 10) -> list[CustomerMatch]:
        """Find customers by (part of) their name, email or company; reveals customer ids.

        Args:
            query: a name, email address or company name, or part of one.
            limit: the most results to return (1-50).
        """
        q = query.strip().lower()
        if not q:
            raise ToolError("query cannot be empty; give a name, an email or a company")
        hits = [c for c in self.customers.values() if q in c["name"].lower() or q in c["email"].lower() or q in c["company"].lower()]
        hits.sort(key=lambda c: (c["name"].lower() != q and c["email"].lower() != q, c["name"], c["customer_id"]))
        return [
            {"customer_id": c["customer_id"], "name": c["name"], "email": c["email"], "company": c["company"], "tier": c["tier"]}
            for c in hits[: max(1, min(limit, 50))]
        ]

    @tool(needs="logged_in")
    def get_customer(self, customer_id: CustomerId) -> CustomerProfile:
        """A customer's record with their ticket counts.

        Args:
            customer_id: the customer's id.
        """
        c = self._customer(customer_id)
        theirs = [t for t in self.tickets.values() if t["customer_id"] == customer_id]
        return {
            "customer_id": customer_id, "name": c["name"], "email": c["email"], "company": c["company"], "tier": c["tier"],
            "phone": c["phone"], "city": c["city"], "customer_since": c["customer_since"],
            "open_tickets": sum(1 for t in theirs if t["status"] not in ("solved", "closed")), "total_tickets": len(theirs),
        }

    @tool(needs="logged_in")
    def find_agents(self, query: str = "", team: Team | None = None) -> list[AgentRef]:
        """Find help-desk agents by name and/or team; reveals agent ids and availability.

        Args:
            query: (part of) the agent's name; empty for all.
            team: only agents of this team.
        """
        q = query.strip().lower()
        hits = [a for a in self.agents.values() if (not q or q in a["name"].lower()) and (team is None or a["team"] == team)]
        hits.sort(key=lambda a: (a["team"], a["name"]))
        return [{k: a[k] for k in ("agent_id", "name", "team", "status", "role")} for a in hits]  # type: ignore[misc]

    # --- tickets: reading --------------------------------------------------------------------

    @tool(needs="logged_in")
    def list_customer_tickets(self, customer_id: CustomerId, status: Status | None = None) -> list[TicketSummary]:
        """A customer's tickets, newest first.

        Args:
            customer_id: the customer's id.
            status: only tickets in this status.
        """
        self._customer(customer_id)
        rows = [t for t in self.tickets.values() if t["customer_id"] == customer_id and (status is None or t["status"] == status)]
        rows.sort(key=lambda t: (t["created_at"], t["ticket_id"]), reverse=True)
        return [self._summary(t) for t in rows]

    @tool(needs="logged_in")
    def get_my_queue(self, status: Status | None = None) -> list[TicketSummary]:
        """Tickets assigned to you (not closed), the most urgent SLA first.

        Args:
            status: only tickets in this status.
        """
        me = self.me_id
        rows = [
            t for t in self.tickets.values()
            if t["assignee_id"] == me and t["status"] != "closed" and (status is None or t["status"] == status)
        ]
        rows.sort(key=lambda t: (t["sla_due_at"], t["ticket_id"]))
        return [self._summary(t) for t in rows]

    @tool(needs="logged_in")
    def get_ticket(self, ticket_id: TicketId) -> TicketView:
        """A ticket in full: description, assignee, resolution, linked articles.

        Args:
            ticket_id: the ticket's id.
        """
        return self._view(self._ticket(ticket_id))

    @tool(needs="logged_in")
    def search_tickets(
        self,
        query: str = "",
        status: Status | None = None,
        priority: Priority | None = None,
        team: Team | None = None,
        assignee_id: AgentId | None = None,
        limit: int = 20,
    ) -> list[TicketSummary]:
        """Search tickets by words in the subject or description and by filters, newest first.

        Args:
            query: words that must appear in the subject or description (case-insensitive).
            status: only tickets in this status.
            priority: only tickets of this priority.
            team: only tickets of this team.
            assignee_id: only tickets assigned to this agent.
            limit: the most results to return (1-100).
        """
        q = query.strip().lower()
        if not q and status is None and priority is None and team is None and assignee_id is None:
            raise ToolError("give a query or at least one filter (status, priority, team, assignee_id)")
        rows = [
            t for t in self.tickets.values()
            if (status is None or t["status"] == status) and (priority is None or t["priority"] == priority)
            and (team is None or t["team"] == team) and (assignee_id is None or t["assignee_id"] == assignee_id)
            and (not q or q in t["subject"].lower() or q in t["description"].lower())
        ]
        rows.sort(key=lambda t: (t["created_at"], t["ticket_id"]), reverse=True)
        return [self._summary(t) for t in rows[: max(1, min(limit, 100))]]

    @tool(needs="logged_in")
    def list_comments(self, ticket_id: TicketId) -> list[CommentView]:
        """A ticket's comments and internal notes, oldest first.

        Args:
            ticket_id: the ticket's id.
        """
        self._ticket(ticket_id)
        rows = sorted((c for c in self.comments.values() if c["ticket_id"] == ticket_id), key=lambda c: (c["created_at"], c["comment_id"]))
        out: list[CommentView] = []
        for c in rows:
            who = self.agents[c["author_id"]] if c["author_type"] == "agent" else self.customers[c["author_id"]]
            out.append(
                {
                    "comment_id": c["comment_id"], "ticket_id": ticket_id, "author_type": c["author_type"],
                    "author_name": who["name"], "body": c["body"], "public": c["public"], "created_at": c["created_at"],
                }
            )
        return out

    @tool(needs="logged_in")
    def check_sla(self, ticket_id: TicketId) -> SlaView:
        """Where a ticket stands against its resolution target (negative minutes: overdue).

        Args:
            ticket_id: the ticket's id.
        """
        t = self._ticket(ticket_id)
        target = SLA_MINUTES[t["priority"]]
        due = minute_of(t["sla_due_at"])
        if t["resolved_at"] is not None:
            remaining = due - minute_of(t["resolved_at"])
            sla_state: Literal["on_track", "at_risk", "breached", "met"] = "met" if remaining >= 0 else "breached"
        else:
            remaining = due - self.now
            sla_state = "breached" if remaining < 0 else "at_risk" if remaining < target // 4 else "on_track"
        return {
            "ticket_id": ticket_id, "priority": t["priority"], "status": t["status"], "created_at": t["created_at"],
            "sla_due_at": t["sla_due_at"], "target_hours": target // 60, "remaining_minutes": remaining, "state": sla_state,
        }

    @tool(needs="logged_in")
    def list_sla_breaches(self, team: Team | None = None, limit: int = 20) -> list[TicketSummary]:
        """Unresolved tickets past their SLA due time, the most overdue first.

        Args:
            team: only tickets of this team.
            limit: the most results to return (1-100).
        """
        now = stamp(self.now)
        rows = [
            t for t in self.tickets.values()
            if t["resolved_at"] is None and t["status"] != "closed" and t["sla_due_at"] < now and (team is None or t["team"] == team)
        ]
        rows.sort(key=lambda t: (t["sla_due_at"], t["ticket_id"]))
        return [self._summary(t) for t in rows[: max(1, min(limit, 100))]]

    @tool(needs="logged_in")
    def get_ticket_history(self, ticket_id: TicketId) -> list[HistoryEvent]:
        """A ticket's audit trail: its creation and every change made since, oldest first.

        Args:
            ticket_id: the ticket's id.
        """
        t = self._ticket(ticket_id)
        events = sorted((e for e in self.history.values() if e["ticket_id"] == ticket_id), key=lambda e: e["event_id"])
        out: list[HistoryEvent] = []
        if not any(e["action"] == "created" for e in events):
            # A ticket of the seeded world was filed by its customer (create_ticket logs its own creation).
            out.append({"at": t["created_at"], "actor": self.customers[t["customer_id"]]["name"], "action": "created", "detail": t["subject"]})
        out += [{"at": e["at"], "actor": self.agents[e["actor_id"]]["name"], "action": e["action"], "detail": e["detail"]} for e in events]
        return out

    # --- tickets: writing --------------------------------------------------------------------

    @tool(writes=True, needs="logged_in")
    def create_ticket(
        self, customer_id: CustomerId, subject: str, description: str, team: WorkTeam, priority: Priority = "normal"
    ) -> TicketView:
        """Open a new ticket for a customer (status new, unassigned).

        Args:
            customer_id: the customer the ticket is for.
            subject: a short title, 5-120 characters.
            description: what the customer needs.
            team: the team that handles it.
            priority: low, normal, high, or urgent (urgent: enterprise customers only).
        """
        c = self._customer(customer_id)
        subject = self._note(subject, "a subject", 5, 120)
        description = self._note(description, "a description", 1, 5000)
        self._check_priority(c, priority)
        tid = self._new_id("TK", self.tickets)
        at = self._tick()
        row: dict[str, Any] = {
            "ticket_id": tid, "customer_id": customer_id, "subject": subject, "description": description, "team": team,
            "priority": priority, "status": "new", "assignee_id": None, "created_at": at, "updated_at": at,
            "sla_due_at": stamp(self.now + SLA_MINUTES[priority]), "resolved_at": None, "resolution": None,
            "escalated": False, "merged_into": None, "linked_articles": [],
        }
        self.tickets[tid] = row
        self._log(tid, "created", f"{subject} (for {c['name']}, {priority} priority, {team} team)")
        return self._view(self.tickets[tid])

    @tool(writes=True, needs="logged_in")
    def assign_ticket(self, ticket_id: TicketId, agent_id: AgentId) -> TicketView:
        """Assign a ticket to an agent of its team (a new ticket becomes open).

        Args:
            ticket_id: the ticket to assign.
            agent_id: the agent who will own it (your own id from login to take it yourself).
        """
        t = self._ticket(ticket_id, writable=True)
        a = self._agent(agent_id)
        if t["status"] == "solved":
            raise ToolError(f"ticket {ticket_id} is solved; reopen it (reopen_ticket) before reassigning")
        if t["assignee_id"] == agent_id:
            raise ToolError(f"ticket {ticket_id} is already assigned to {a['name']}")
        if a["team"] != t["team"]:
            raise ToolError(
                f"{a['name']} is on the {a['team']} team but ticket {ticket_id} belongs to {t['team']}; "
                f"assign someone from {t['team']} (find_agents) or move it with transfer_ticket"
            )
        if a["status"] == "out_of_office":
            raise ToolError(f"{a['name']} is out of office; pick an available agent (find_agents)")
        status = "open" if t["status"] == "new" else t["status"]
        return self._view(self._update(ticket_id, "assigned", f"to {a['name']}", assignee_id=agent_id, status=status))

    @tool(writes=True, needs="logged_in")
    def transfer_ticket(self, ticket_id: TicketId, team: WorkTeam, reason: str) -> TicketView:
        """Move a ticket to another team's queue (it becomes new and unassigned there).

        Args:
            ticket_id: the ticket to move.
            team: the team to move it to (escalations is reached only through escalate_ticket).
            reason: why it belongs there.
        """
        t = self._ticket(ticket_id, writable=True)
        reason = self._note(reason, "a reason", 3, 500)
        if t["status"] == "solved":
            raise ToolError(f"ticket {ticket_id} is solved; reopen it (reopen_ticket) before transferring")
        if t["team"] == team:
            raise ToolError(f"ticket {ticket_id} is already with the {team} team")
        return self._view(self._update(ticket_id, "transferred", f"{t['team']} -> {team}: {reason}", team=team, assignee_id=None, status="new"))

    @tool(writes=True, needs="logged_in")
    def change_priority(self, ticket_id: TicketId, priority: Priority, reason: str) -> TicketView:
        """Change a ticket's priority (its SLA due time follows).

        Args:
            ticket_id: the ticket.
            priority: the new priority (urgent: enterprise customers only).
            reason: why the priority changes.
        """
        t = self._ticket(ticket_id, writable=True)
        reason = self._note(reason, "a reason", 3, 500)
        if t["priority"] == priority:
            raise ToolError(f"ticket {ticket_id} already has priority {priority}")
        self._check_priority(self.customers[t["customer_id"]], priority)
        due = stamp(minute_of(t["created_at"]) + SLA_MINUTES[priority])
        return self._view(self._update(ticket_id, "priority", f"{t['priority']} -> {priority}: {reason}", priority=priority, sla_due_at=due))

    @tool(writes=True, needs="logged_in")
    def set_status(self, ticket_id: TicketId, status: Literal["open", "pending", "on_hold"]) -> TicketView:
        """Move your ticket between open, pending (waiting on the customer) and on_hold (waiting on a third party).

        Args:
            ticket_id: the ticket (it must be assigned to you).
            status: the new status; use resolve_ticket to solve and close_ticket to close.
        """
        t = self._ticket(ticket_id, writable=True)
        if t["status"] == "new":
            raise ToolError(
                f"ticket {ticket_id} is new: assign it first, which opens it: find_agents(team='{t['team']}') "
                "lists who can take it, then assign_ticket(ticket_id, agent_id)"
            )
        if t["status"] == "solved":
            raise ToolError(f"ticket {ticket_id} is solved; use reopen_ticket to work on it again")
        self._mine(t, "change the status of")
        if t["status"] == status:
            raise ToolError(f"ticket {ticket_id} is already {status}")
        return self._view(self._update(ticket_id, "status", f"{t['status']} -> {status}", status=status))

    @tool(writes=True, needs="logged_in")
    def resolve_ticket(self, ticket_id: TicketId, resolution_note: str) -> TicketView:
        """Solve your ticket, recording how it was resolved.

        Args:
            ticket_id: the ticket (it must be assigned to you and open, pending or on hold).
            resolution_note: how the issue was resolved, at least 10 characters.
        """
        t = self._ticket(ticket_id, writable=True)
        if t["status"] == "solved":
            raise ToolError(f"ticket {ticket_id} is already solved")
        if t["status"] == "new":
            raise ToolError(
                f"ticket {ticket_id} is new: assign it first: find_agents(team='{t['team']}') lists who can "
                "take it, then assign_ticket(ticket_id, agent_id)"
            )
        self._mine(t, "resolve")
        note = self._note(resolution_note, "a resolution note", 10, 2000)
        at = stamp(self.now + 1)
        return self._view(self._update(ticket_id, "solved", note, status="solved", resolution=note, resolved_at=at))

    @tool(writes=True, needs="logged_in")
    def close_ticket(self, ticket_id: TicketId) -> TicketView:
        """Close your solved ticket (closed tickets are read-only).

        Args:
            ticket_id: the ticket (it must be solved and assigned to you).
        """
        t = self._ticket(ticket_id, writable=True)
        if t["status"] != "solved" or not t["resolution"]:
            raise ToolError(
                f"cannot close ticket {ticket_id} without a resolution: it is {t['status']}; "
                "resolve it first with resolve_ticket(ticket_id, resolution_note)"
            )
        self._mine(t, "close")
        return self._view(self._update(ticket_id, "closed", "closed by assignee", status="closed"))

    @tool(writes=True, needs="logged_in")
    def reopen_ticket(self, ticket_id: TicketId, reason: str) -> TicketView:
        """Reopen a solved ticket (closed tickets cannot be reopened).

        Args:
            ticket_id: the solved ticket.
            reason: why it needs more work.
        """
        t = self._ticket(ticket_id, writable=True)
        if t["status"] != "solved":
            raise ToolError(f"only solved tickets can be reopened; {ticket_id} is {t['status']}")
        reason = self._note(reason, "a reason", 3, 500)
        status = "open" if t["assignee_id"] else "new"
        return self._view(self._update(ticket_id, "reopened", reason, status=status, resolution=None, resolved_at=None))

    @tool(writes=True, needs="logged_in")
    def escalate_ticket(self, ticket_id: TicketId, reason: str) -> TicketView:
        """Escalate a high or urgent ticket to the escalations team (an available escalations agent takes it).

        Args:
            ticket_id: the ticket to escalate.
            reason: why it needs escalation.
        """
        t = self._ticket(ticket_id, writable=True)
        if t["priority"] not in ("high", "urgent"):
            raise ToolError(
                f"escalation is only for high or urgent priority tickets; {ticket_id} is {t['priority']} "
                "(raise it first with change_priority(ticket_id, priority='high', reason) if that is warranted)"
            )
        if t["escalated"]:
            raise ToolError(f"ticket {ticket_id} is already escalated")
        if t["status"] == "solved":
            raise ToolError(f"ticket {ticket_id} is solved; reopen it before escalating")
        reason = self._note(reason, "a reason", 3, 500)
        pool_ = sorted((a for a in self.agents.values() if a["team"] == "escalations" and a["status"] == "available"), key=lambda a: (a["role"] != "lead", a["agent_id"]))
        if not pool_:
            raise ToolError("no escalations agent is available right now; add an internal note and try again later")
        who = pool_[0]
        return self._view(
            self._update(ticket_id, "escalated", f"to {who['name']}: {reason}", team="escalations", escalated=True, assignee_id=who["agent_id"], status="open")
        )

    @tool(writes=True, needs="logged_in")
    def add_comment(self, ticket_id: TicketId, body: str, public: bool = True) -> CommentView:
        """Add a public reply (the customer sees it) or an internal note to a ticket.

        Args:
            ticket_id: the ticket.
            body: the text, 1-5000 characters.
            public: true for a reply to the customer, false for an internal note.
        """
        self._ticket(ticket_id, writable=True)
        body = self._note(body, "a comment", 1, 5000)
        at = self._log(ticket_id, "reply" if public else "note", body[:60])
        cid = self._new_id("CM", self.comments)
        self.comments[cid] = {
            "comment_id": cid, "ticket_id": ticket_id, "author_type": "agent", "author_id": self.me_id, "body": body,
            "public": public, "created_at": at,
        }
        self.tickets.patch(ticket_id, updated_at=at)
        return {
            "comment_id": cid, "ticket_id": ticket_id, "author_type": "agent", "author_name": self.agents[self.me_id]["name"],
            "body": body, "public": public, "created_at": at,
        }

    @tool(writes=True, needs="logged_in")
    def merge_tickets(self, source_ticket_id: TicketId, target_ticket_id: TicketId) -> MergeResult:
        """Merge a duplicate ticket into another of the same customer (the source closes).

        Args:
            source_ticket_id: the duplicate, which is closed.
            target_ticket_id: the ticket that stays open and receives the comments.
        """
        if source_ticket_id == target_ticket_id:
            raise ToolError("cannot merge a ticket into itself")
        s = self._ticket(source_ticket_id, writable=True)
        t = self._ticket(target_ticket_id, writable=True)
        if s["customer_id"] != t["customer_id"]:
            raise ToolError(
                f"only duplicates of the same customer can be merged: {source_ticket_id} belongs to "
                f"{self.customers[s['customer_id']]['name']}, {target_ticket_id} to {self.customers[t['customer_id']]['name']} "
                f"(list_customer_tickets(customer_id='{s['customer_id']}') lists the first customer's tickets)"
            )
        moved = [k for k, c in self.comments.items() if c["ticket_id"] == source_ticket_id]
        for k in moved:
            self.comments.patch(k, ticket_id=target_ticket_id)
        links = list(dict.fromkeys([*t["linked_articles"], *s["linked_articles"]]))[:_MAX_LINKS]
        self._update(target_ticket_id, "merged", f"received {source_ticket_id}: {s['subject']}", linked_articles=links)
        note = f"Merged into {target_ticket_id}"
        self._update(
            source_ticket_id, "merged", note, status="closed", merged_into=target_ticket_id,
            resolution=s["resolution"] or note, resolved_at=s["resolved_at"] or stamp(self.now),
        )
        return {"source_ticket_id": source_ticket_id, "target_ticket_id": target_ticket_id, "source_status": "closed", "comments_moved": len(moved)}

    # --- knowledge base ------------------------------------------------------------------------

    @tool(needs="logged_in")
    def search_articles(self, query: str, category: WorkTeam | None = None, limit: int = 10) -> list[ArticleMatch]:
        """Search the knowledge base; best matches first.

        Args:
            query: words to look for in titles and summaries.
            category: only articles of this team's category.
            limit: the most results to return (1-30).
        """
        words = [w for w in query.lower().split() if len(w) > 2] or [query.strip().lower()]
        if not words[0]:
            raise ToolError("query cannot be empty")
        scored = []
        for a in self.articles.values():
            if category is not None and a["category"] != category:
                continue
            title, summary = a["title"].lower(), a["summary"].lower()
            score = sum(2 * (w in title) + (w in summary) for w in words)
            if score:
                scored.append((-score, -a["views"], a["article_id"], a))
        scored.sort(key=lambda x: x[:3])
        return [
            {"article_id": a["article_id"], "title": a["title"], "category": a["category"], "summary": a["summary"], "views": a["views"]}
            for *_, a in scored[: max(1, min(limit, 30))]
        ]

    @tool(writes=True, needs="logged_in")
    def link_article(self, ticket_id: TicketId, article_id: ArticleId) -> TicketView:
        """Link a knowledge-base article to a ticket (at most 5 per ticket).

        Args:
            ticket_id: the ticket.
            article_id: the article to link.
        """
        t = self._ticket(ticket_id, writable=True)
        a = self._article(article_id)
        if article_id in t["linked_articles"]:
            raise ToolError(f"{a['title']!r} is already linked to {ticket_id}")
        if len(t["linked_articles"]) >= _MAX_LINKS:
            raise ToolError(f"ticket {ticket_id} already has {_MAX_LINKS} linked articles, the maximum")
        return self._view(self._update(ticket_id, "article", a["title"], linked_articles=[*t["linked_articles"], article_id]))


