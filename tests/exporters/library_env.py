"""A small library environment and a scripted driver that produces realistic canonical episodes.

Every tool result in these episodes comes from the environment's own ``step`` (real results,
real validation errors, real injected failures). Episodes cover multi-turn conversations,
parallel calls, tool errors, per-step reasoning, and miss_param / miss_func / error_recovery /
long_context turns, with non-ASCII text and nested argument values. Planted for the consumer
tests: floats that pandas' ujson (``datasets``' JSON decoder) reads back wrong (1.95, 3.72),
nullable parameters (``extra``: ``["object", "null"]``, ``reason``: ``["string", "null"]``) with
an explicit null argument, text beside calls, and a parallel call in every episode.

The exporter tests take their episodes from one fixture (``episodes`` in conftest.py); this
module is the source until the synthesis pipeline writes real runs.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Annotated, Any

from typing_extensions import TypedDict

from toolgym.envs import Entity, Task, ToolEnv, ToolError, TurnSpec, call, make_action, parse_observation, state, tool
from toolgym.envs.task import InjectedError
from toolgym.record import Episode, Message, ToolCall, Turn

BookId = Annotated[str, Entity("book", label="title")]
LoanId = Annotated[str, Entity("loan")]

TITLES = [
    ("Dune", "Frank Herbert"),
    ("Emma", "Jane Austen"),
    ("Les Misérables", "Victor Hugo"),
    ("Der Process", "Franz Kafka"),
    ("Cien años de soledad", "Gabriel García Márquez"),
    ("Beloved", "Toni Morrison"),
    ("Kokoro 心", "Natsume Sōseki"),
    ("It's Kind of a \"Funny\" Story", "Ned Vizzini"),
    ("Middlemarch", "George Eliot"),
    ("Solaris", "Stanisław Lem"),
]


class BookRef(TypedDict):
    book_id: BookId
    title: str
    author: str
    available: bool


class Library(ToolEnv):
    """You help members of the Riverside public library find, borrow and renew books."""

    domain = "library"
    user = state(None)

    def build(self, world: Any) -> None:
        rng = world.rng("books")
        ids = rng.sample(range(16**5), len(TITLES))
        self.books = world.table(
            "books",
            {
                f"B{i:05x}": {
                    "book_id": f"B{i:05x}",
                    "title": t,
                    "author": a,
                    "available": rng.random() < 0.8,
                    "pages": rng.randint(90, 900),
                    "tags": rng.sample(["classic", "novel", "sci-fi", "drama", "translated"], 2),
                    "rating": round(rng.uniform(2.5, 5.0), 1),
                    "isbn": None,
                }
                for i, (t, a) in zip(ids, TITLES, strict=False)
            },
        )
        self.loans = world.table("loans", {})
        self.notes = world.table("notes", {})

    @tool(establishes="logged_in", writes=True)
    def login(self, card_number: str) -> dict:
        """Log in with a library card.

        Args:
            card_number: the member's 8-digit card number.
        """
        if not (card_number.isdigit() and len(card_number) == 8):
            raise ToolError(f"expected an 8-digit card number, got {card_number!r}")
        self.user = card_number
        return {"member": card_number, "welcome": "Bienvenue à la bibliothèque"}

    @tool
    def search_books(self, query: str, limit: int = 5) -> list[BookRef]:
        """Search the catalog by title or author.

        Args:
            query: words from the title or the author's name.
            limit: how many results at most.
        """
        q = query.lower()
        hits = [
            {"book_id": b["book_id"], "title": b["title"], "author": b["author"], "available": b["available"]}
            for b in self.books.values()
            if q in b["title"].lower() or q in b["author"].lower()
        ]
        return hits[:limit]

    @tool
    def get_book(self, book_id: BookId) -> dict:
        """Full details of a book.

        Args:
            book_id: the book's id, from search_books.
        """
        if book_id not in self.books:
            raise ToolError(f"no book with id {book_id!r}; search_books gives ids")
        return dict(self.books[book_id])

    @tool(needs="logged_in", writes=True)
    def borrow_book(self, book_id: BookId, days: int = 14) -> dict:
        """Borrow a book.

        Args:
            book_id: the book's id, from search_books.
            days: loan length in days.
        """
        if book_id not in self.books:
            raise ToolError(f"no book with id {book_id!r}; search_books gives ids")
        if not self.books[book_id]["available"]:
            raise ToolError(f"{self.books[book_id]['title']!r} is on loan")
        loan_id = f"L{len(self.loans) + 1:04d}"
        self.loans[loan_id] = {"loan_id": loan_id, "book_id": book_id, "days": days}
        self.books.patch(book_id, available=False)
        return {"loan_id": loan_id, "due_in_days": days}

    @tool(needs="logged_in")
    def list_loans(self) -> list[dict]:
        """The member's current loans."""
        return [dict(v) for v in self.loans.values()]

    @tool(needs="logged_in", writes=True)
    def renew_loan(self, loan_id: LoanId, days: int, reason: str | None = None) -> dict:
        """Extend a loan.

        Args:
            loan_id: the loan's id, from borrow_book or list_loans.
            days: how many more days.
            reason: why, if the member said (a nullable string: ``["string", "null"]``).
        """
        if loan_id not in self.loans:
            raise ToolError(f"no loan {loan_id!r}")
        self.loans.patch(loan_id, days=self.loans[loan_id]["days"] + days)
        return {"loan_id": loan_id, "due_in_days": self.loans[loan_id]["days"]}

    @tool(needs="logged_in", writes=True)
    def leave_note(self, text: str, tags: list[str], urgent: bool = False, extra: dict[str, float] | None = None) -> dict:
        """Leave a note for the librarians.

        Args:
            text: the note.
            tags: labels for the note.
            urgent: whether someone should read it today.
            extra: optional numeric details.
        """
        nid = f"N{len(self.notes) + 1}"
        self.notes[nid] = {"text": text, "tags": list(tags), "urgent": urgent, "extra": extra}
        return {"note_id": nid, "stored": True, "echo": {"tags": list(tags), "extra": extra}}

    @tool(needs="logged_in", writes=True)
    def reserve_book(self, book_id: BookId) -> dict:
        """Reserve a book that is on loan.

        Args:
            book_id: the book's id.
        """
        if book_id not in self.books:
            raise ToolError(f"no book with id {book_id!r}")
        return {"reserved": book_id, "position": 1}


BASE_TOOLS = ["login", "search_books", "get_book", "borrow_book", "list_loans", "renew_loan", "leave_note"]


class _Driver:
    """Drives one Library episode through ``step`` and records it as a canonical Episode."""

    def __init__(self, seed: int, task: Task, rng: random.Random):
        self.env = Library()
        self.rng = rng
        obs, info = self.env.reset(seed=seed, options={"task": task})
        self.seed = seed
        self.task = task
        self.messages: list[Message] = [Message(role="system", content=info["system_prompt"])]
        self.messages.append(Message(role="user", content=json.loads(obs)["user"]))
        self.turns: list[Turn] = []
        self.turn_start = 1
        self.turn_calls: list[ToolCall] = []
        self.done = False

    def cid(self) -> str:
        return "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=9))

    def calls(self, calls: list[tuple[str, dict[str, Any]]], reasoning: str | None = None, content: str | None = None) -> list[Any]:
        tcs = [call(n, _id=self.cid(), **a) for n, a in calls]
        obs, _, _, _, info = self.env.step(make_action(tcs, content=content, reasoning=reasoning))
        self.messages.append(Message(role="assistant", content=content, reasoning=reasoning, tool_calls=tcs))
        results = info["tool_results"]
        for r in results:
            self.messages.append(Message.from_result(r))
            if r.error is None:
                self.turn_calls.append(next(t for t in tcs if t.id == r.call_id))
        return results

    def answer(self, text: str, reasoning: str | None = None, variant: str = "base", meta: dict | None = None) -> str | None:
        obs, reward, terminated, _, info = self.env.step(make_action(content=text, reasoning=reasoning))
        self.messages.append(Message(role="assistant", content=text, reasoning=reasoning))
        spec = self.task.turns[len(self.turns)]
        self.turns.append(
            Turn(
                start=self.turn_start,
                end=len(self.messages),
                state_hash=self.env.state_hash(),
                reward=reward,
                variant=variant,
                ground_truth=list(self.turn_calls),
                target_tools=sorted({c.name for c in self.turn_calls}),
                add_tools=list(spec.add_tools),
                meta=meta or {},
            )
        )
        self.turn_calls = []
        o = parse_observation(obs)
        if o.user is not None:
            self.turn_start = len(self.messages)
            self.messages.append(Message(role="user", content=o.user))
            return o.user
        self.done = terminated
        return None

    def episode(self, eid: str, variant: str, difficulty: float) -> Episode:
        tools = self.env.tool_specs()
        return Episode(
            id=eid,
            env_id="toolgym/Library-v0",
            seed=self.seed,
            tools=tools,
            messages=self.messages,
            turns=self.turns,
            reward=sum(t.reward or 0 for t in self.turns) / len(self.turns),
            termination="done",
            target_tools=sorted({n for t in self.turns for n in t.target_tools}),
            difficulty=difficulty,
            variant=variant,
            producers={"explorer": "builtin", "reasoner": "builtin"},
            meta={"source": "tests/exporters/library_env.py"},
        )


def build_episode(index: int) -> Episode:
    """Episode number ``index``: its variant cycles through base, miss_param, miss_func, error_recovery, long_context."""
    variant = ["base", "miss_param", "miss_func", "error_recovery", "long_context"][index % 5]
    seed = 1000 + index
    rng = random.Random(seed)
    card = f"{rng.randint(10**7, 10**8 - 1)}"
    t1, t2 = rng.sample(TITLES, 2)
    turns = [TurnSpec(user=f"Hi! My card is {card}. Is “{t1[0]}” or anything by {t2[1]} on the shelf? Merci!")]
    if variant == "miss_param":
        turns.append(TurnSpec(user="Please renew my loan."))
        turns.append(TurnSpec(user="Make it 10 more days."))
    elif variant == "miss_func":
        turns.append(TurnSpec(user=f"Can you reserve {t1[0]} for me?"))
        turns.append(TurnSpec(user="I've enabled reservations for you now; please go ahead.", add_tools=["reserve_book"]))
    elif variant == "error_recovery":
        turns.append(
            TurnSpec(user="Renew my loan by 3 days, please.", inject_errors=[InjectedError(tool="renew_loan", times=1)])
        )
    elif variant == "long_context":
        turns.append(TurnSpec(user="Leave the librarians a note that the ☕ machine is broken; tag it facilities."))
    else:
        turns.append(TurnSpec(user="Great, thanks. Leave a note saying I loved it, tagged feedback and 'fun'."))
    tools = BASE_TOOLS if variant != "long_context" else BASE_TOOLS
    task = Task(id=f"t{index}", seed=seed, turns=turns, tools=list(tools))
    d = _Driver(seed, task, rng)

    # Turn 1: login + two parallel searches, then (if found) borrow with one wrong attempt.
    d.calls([("login", {"card_number": card})], reasoning=f"The member gave card {card}; log in first so borrowing works.")
    res = d.calls(
        [("search_books", {"query": t1[0]}), ("search_books", {"query": t2[1], "limit": 3})],
        reasoning=f"Two independent lookups: the title “{t1[0]}” and the author {t2[1]}. Run them in parallel.",
    )
    hits = [h for r in res for h in (r.content or [])]
    avail = [h for h in hits if h["available"]]
    if avail:
        bad = d.calls([("borrow_book", {"book_id": avail[0]["book_id"], "days": "two weeks"})], reasoning="Borrow the first available one.")
        assert bad[0].error is not None
        d.calls([("borrow_book", {"book_id": avail[0]["book_id"], "days": 14})], reasoning="days must be an integer: 14.")
        d.answer(f"Yes — I borrowed “{avail[0]['title']}” for you for 14 days.", reasoning="Borrowed; tell the user.")
    else:
        d.calls([("get_book", {"book_id": "B_nope"})], reasoning="Nothing available; check a made-up id to be sure (this fails).")
        d.answer("Sorry, none of those are available right now.", reasoning="Nothing available.")

    if variant == "miss_param":
        d.answer("How many days would you like to add to the loan?", reasoning="The number of days is missing; ask.", variant="miss_param")
        loans = d.calls([("list_loans", {})], reasoning="Find the loan id first.")
        if loans[0].content:
            d.calls([("renew_loan", {"loan_id": loans[0].content[0]["loan_id"], "days": 10, "reason": "holiday"})], reasoning="Renew by 10 days.")
            d.answer("Done: renewed by 10 days.", variant="miss_param")
        else:
            d.answer("You have no loans to renew.", variant="miss_param")
    elif variant == "miss_func":
        d.answer("I'm sorry, I can't reserve books: I have no tool for reservations.", reasoning="No reserve tool is offered.", variant="miss_func")
        d.calls([("reserve_book", {"book_id": hits[0]["book_id"] if hits else "B00000"})], reasoning="The reserve tool is available now.")
        d.answer("Reserved.", variant="miss_func")
    elif variant == "error_recovery":
        loans = d.calls([("list_loans", {})], reasoning="Which loan?")
        if loans[0].content:
            lid = loans[0].content[0]["loan_id"]
            first = d.calls([("renew_loan", {"loan_id": lid, "days": 3})])
            assert first[0].error is not None  # the injected failure
            d.calls([("renew_loan", {"loan_id": lid, "days": 3, "reason": None})], reasoning="The service was busy (503); retry once.")
            d.answer("Renewed by 3 days after a brief service hiccup.", variant="error_recovery")
        else:
            d.answer("You have no loans to renew.", variant="error_recovery")
    elif variant == "long_context":
        d.calls(
            [("leave_note", {"text": "The ☕ machine is broken.\nPlease fix.", "tags": ["facilities"], "urgent": True, "extra": {"floor": 1.95, "height_m": 3.72}})],
            reasoning="Leave the note, urgent since it affects everyone.",
            content="I'll leave that note now.",
        )
        d.answer("Note left for the librarians.", variant="long_context")
    else:
        d.calls(
            [("leave_note", {"text": "I loved it! 10/10 — \"would borrow again\"", "tags": ["feedback", "fun"], "extra": {"stars": 1.95}})],
            reasoning="Note with two tags; not urgent.",
        )
        d.answer("Your note is with the librarians.")
    assert d.done, "the scripted episode must finish every task turn"
    return d.episode(f"ep{index:05d}", variant, difficulty=round(0.1 + (index % 9) / 10, 2))


def write_run_dir(path: Path, episodes: list[Episode], shard_size: int = 7, torn_tail: bool = True) -> Path:
    """Write a run directory in the pipeline's layout; optionally end the last shard with a torn line."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "config.json").write_text(json.dumps({"seed": 0, "envs": ["toolgym/Library-v0"], "turns": [2, 3], "k_max": 3}, indent=2))
    (path / "manifest.json").write_text(json.dumps({"toolgym": "0.1.0", "envs": {"toolgym/Library-v0": {"version": 0}}, "records": len(episodes)}, indent=2))
    (path / "log.txt").write_text("scripted run\n")
    for s in range(0, len(episodes), shard_size):
        with open(path / f"episodes-{s // shard_size:05d}.jsonl", "w", encoding="utf-8") as f:
            for ep in episodes[s : s + shard_size]:
                f.write(ep.to_json() + "\n")
    if torn_tail and episodes:
        last = sorted(path.glob("episodes-*.jsonl"))[-1]
        with open(last, "a", encoding="utf-8") as f:
            f.write(episodes[0].to_json()[:57])  # a killed writer's half line
    return path
