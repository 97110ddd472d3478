"""How users ask the brokerage for things, and how the assistant reports them (see envs/language.py).

Written for the synthesis pipeline's built-in writers: asks are what a retail investor would
type (imperatives without "please", or questions); ``task`` is what the assistant thinks it is
doing; answers state the figures the user asked for (a quote's price, an account's buying
power), never a dump of every field.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    "account": Noun("account", named=("my {} account", "the {} account", "my {}")),
    "order": Noun("order", named=("my order to {}", "the order to {}", "the {} order")),
    "watchlist": Noun("watchlist", named=("my {} watchlist", "the {} watchlist", "my {} list")),
    "symbol": Noun("stock", plural="stocks"),
}

# Quote fields are prices in dollars; their names do not say so.
_PRICES = {k: "money" for k in ("last", "bid", "ask", "open", "high", "low", "prev_close", "change", "avg_cost", "filled_price", "limit_price", "day_change", "unrealized_pl")}

_WATCHLIST_NAMES = (
    "Tech", "Dividend ideas", "Long shots", "Earnings this week", "Healthcare picks", "Green energy",
    "Retirement core", "Chips", "Banks to watch", "Maybe later", "Big caps", "Value plays",
    "Consumer brands", "Travel rebound", "AI names", "Small caps",
)

# Situations a retail investor mentions around any request (ToolEnv.scenes): neutral to every tool
# (no ticker, company, account, watchlist or amount; nothing that says buying or selling, nor an
# order word such as "market" or "limit"), first person.
SCENES = (
    "I've started taking investing more seriously this year",
    "my financial advisor is on leave this month, so I'm handling things myself",
    "prices have been choppy lately and I want to stay on top of it",
    "I'm new to investing and still learning the ropes",
    "I check my portfolio every morning over coffee",
    "my brother-in-law keeps giving me stock tips",
    "I've been reading a lot of financial news lately",
    "I'm trying to be more disciplined with my investing",
    "earnings season always makes me a bit nervous",
    "I'm doing my quarterly portfolio check-in",
    "I've been too busy to look at my accounts for weeks",
    "a friend got me into investing recently",
    "these days I'm trying not to make emotional decisions",
    "I'm on my lunch break and have a few minutes",
    "interest rates are all my colleagues talk about lately",
    "I manage my own investments without an advisor",
    "my partner and I are saving for a house",
    "I've been burned before, so I'm cautious now",
    "podcasts are how I'm teaching myself about investing",
    "I live in a different time zone from the exchange",
    "I just rebalanced my pension and now it's my brokerage account's turn",
    "it's been a rough week for my portfolio",
    "I like to keep a close eye on my positions",
    "honestly, the charts in the app confuse me",
    "I'm stuck in an airport lounge with time to kill",
    "I inherited some shares recently and I'm still getting my head around it",
    "getting my finances set up for the year ahead is on my list",
    "I want to get better at tracking what I own",
    "I am reviewing my holdings as part of my annual financial plan",
    "my accountant wants a tidy record of my trades",
    "my portfolio has grown more than I expected",
    "between meetings, I'm squeezing this in",
    "the news this morning got me thinking about my portfolio",
    "I've been putting off my investment admin for ages",
    "I invest small amounts regularly and like to stay organised",
    "ugh, I can't stop checking prices",
    "every weekend I review everything, and this is part of it",
    "the economy has me a bit nervous right now",
    "retiring early is my goal, so I watch my portfolio closely",
    "my old brokerage closed my account and I moved everything here",
)

LANGUAGE = {
    "login": ToolLanguage(
        task=("log in to the brokerage as {username}", "sign in with the user's username and password"),
        asks=(
            "log me into my brokerage: I'm {username}, password {password}",
            "sign in as {username} with the password {password}",
            "my login is {username} / {password}, get me into my account",
            "log in for me, username {username} and password {password}",
            "get me signed in to the trading app ({username}, {password})",
            "I'm {username} and my password is {password}; log me in",
        ),
        context=(
            "my username is {username} and my password is {password}",
            "I log in as {username} with {password}",
            "my login is {username}, password {password}",
            "use {username} / {password} to sign in",
        ),
        answer=Answer(
            fields=("name",),
            says=(
                "You're signed in as {name}.",
                "Logged in: welcome back, {name}.",
                "I've signed you in, {name}; you have {accounts} accounts here.",
            ),
        ),
    ),
    "logout": ToolLanguage(
        task=("log out of the brokerage",),
        asks=(
            "log me out of my brokerage",
            "sign out of the trading app",
            "end my brokerage session",
            "I'm done for today, log me out",
            "close my session",
            "sign me out",
        ),
        answer=Answer(says=("You're logged out.", "Done, your session is closed.", "Signed out.")),
    ),
    "get_market_status": ToolLanguage(
        task=("check whether the market is open", "check the market status"),
        asks=(
            "is the stock market open right now?",
            "check the market status",
            "when does the market open next?",
            "can I still trade today?",
            "is trading open at the moment?",
            "what session is the market in?",
        ),
        answer=Answer(
            fields=("session",),
            when={"is_open": {
                True: (
                    "The market is open ({session} session) and closes {next_close}.",
                    "Yes, it's open: we're in the {session} session until {next_close}.",
                ),
                False: (
                    "The market is closed right now ({session}); it opens again {next_open}.",
                    "No, it's {session} at the moment. Trading resumes {next_open}.",
                ),
            }},
        ),
        why=("I want to place a trade soon", "I'm in a different time zone", "I'm never sure about the hours around holidays"),
    ),
    "search_symbols": ToolLanguage(
        task=("look up the ticker for {query}", "search the symbols for {query}", "find the stock symbol for {query}"),
        asks=(
            "what's the ticker for {query}?",
            "find the stock symbol for {query}",
            "look up {query} on the exchange",
            "which symbol does {query} trade under?",
            "search for {query} stocks",
            "I need the ticker of {query}",
        ),
        context=(
            "the company is {query}",
            "it's {query}",
            "I mean {query}",
            "the one called {query}",
        ),
        params={"limit": (", just the top {}", ", no more than {} results", ", only {} of them")},
        answer=Answer(
            each="{name} ({symbol})",
            says=(
                "I found {count} matches: {items}.",
                "Matches for {query}: {items}.",
                "Here's what trades under that name: {items}.",
            ),
            empty=("Nothing trades under {query}.", "I couldn't find any symbol for {query}."),
        ),
        why=("I heard about the company on a podcast", "a friend mentioned them", "I can never remember tickers"),
    ),
    "get_quote": ToolLanguage(
        task=("get a quote for {symbol}", "look up the latest price of {symbol}"),
        asks=(
            "get me a quote for {symbol}",
            "what's {symbol} trading at?",
            "how is {symbol} doing today?",
            "pull up the latest price of {symbol}",
            "check the price of {symbol}",
            "where is {symbol} right now?",
            "how much is a share of {symbol}?",
        ),
        context=("I'm looking at {symbol}", "it's {symbol}", "the stock is {symbol}"),
        answer=Answer(
            fields=("last", "change_pct"),
            says=(
                "{symbol} last traded at {last}, {change_pct} on the day.",
                "{symbol} is at {last} right now ({change_pct} today).",
                "A share of {symbol} costs {last} at the moment; it's {change_pct} since yesterday's close.",
            ),
        ),
        kinds={**_PRICES, "change_pct": "percent"},
        why=("I'm weighing up a trade", "I saw it in the news this morning", "a friend keeps talking about it"),
    ),
    "get_market_movers": ToolLanguage(
        task=("list today's top {direction}", "check the biggest movers in the market"),
        asks=(
            "what are today's top {direction}?",
            "show the biggest {direction} today",
            "list the top {limit} {direction} in the market",
            "which stocks are the top {direction} so far?",
            "give me today's {direction}",
            "who's moving the most today?",
        ),
        params={
            "direction": {
                "gainers": ("that are up the most", "with the biggest gains"),
                "losers": ("that are down the most", "with the biggest losses"),
                "most_active": ("that trade the most", "with the most volume"),
            },
            "limit": (", just the top {}", ", only {} of them"),
        },
        answer=Answer(
            each="{symbol} ({change_pct})",
            says=("Today's movers: {items}.", "Here are the top {count}: {items}.", "{count} stocks stand out today: {items}."),
            empty=("No movers to show right now.", "The list is empty at the moment."),
        ),
        kinds={**_PRICES, "change_pct": "percent"},
        why=("I'm looking for ideas", "I'm curious what's driving prices", "I missed the news this morning"),
    ),
    "list_accounts": ToolLanguage(
        task=("list the user's brokerage accounts", "look up which accounts the user has"),
        asks=(
            "list my brokerage accounts",
            "which investment accounts do I have?",
            "show my accounts",
            "what accounts are set up under my login?",
            "remind me which accounts I have here",
            "how many accounts do I have with you?",
        ),
        answer=Answer(
            each="{nickname} ({number_masked})",
            says=("You have {count} accounts: {items}.", "Your accounts: {items}.", "I see {count} accounts under your login: {items}."),
            empty=("There are no accounts under your login.", "You don't have any accounts here yet."),
        ),
        why=("I can't remember which accounts I opened", "I'm organising my finances", "I need to pick the right one"),
    ),
    "get_account_balance": ToolLanguage(
        task=("check the balance of {account_id}", "look up how much is in {account_id}"),
        asks=(
            "what's the balance of {account_id}?",
            "how much buying power do I have in {account_id}?",
            "how much is {account_id} worth?",
            "check the cash in {account_id}",
            "give me a balance summary for {account_id}",
            "what's {account_id} at today?",
        ),
        context=("it's about {account_id}", "I'm asking about {account_id}"),
        answer=Answer(
            fields=("total_value", "cash", "buying_power"),
            says=(
                "{account_id} is worth {total_value} in total: {cash} in cash, with {buying_power} of buying power.",
                "Total value of {account_id}: {total_value}. Cash is {cash} and buying power {buying_power}.",
                "You have {buying_power} to trade with in {account_id} ({cash} cash); the account is worth {total_value}.",
            ),
        ),
        why=("I'm planning my next trade", "I want to know what I can invest", "I'm tracking my progress this year"),
    ),
    "get_positions": ToolLanguage(
        task=("look up the holdings in {account_id}", "check the positions of {account_id}"),
        asks=(
            "show my positions in {account_id}",
            "what stocks do I hold in {account_id}?",
            "how are my holdings in {account_id} doing?",
            "list what I own in {account_id}",
            "what's in {account_id} right now?",
            "break down the holdings of {account_id} for me",
        ),
        context=("the holdings are in {account_id}", "it's in {account_id}"),
        answer=Answer(
            each="{quantity} {symbol} (worth {market_value})",
            says=("You hold {count} positions in {account_id}: {items}.", "Holdings of {account_id}: {items}.", "{account_id} has {count} positions: {items}."),
            empty=("{account_id} holds no stocks right now.", "There are no positions in {account_id}."),
        ),
        kinds=_PRICES,
        why=("I'm reviewing my portfolio", "I want to see how my picks are doing", "my advisor asked for a summary"),
    ),
    "deposit_funds": ToolLanguage(
        task=("deposit {amount} into {account_id}", "move {amount} from the linked bank into {account_id}"),
        asks=(
            "deposit {amount} into {account_id}",
            "add {amount} to {account_id}",
            "fund {account_id} with {amount}",
            "put {amount} into {account_id} from my bank",
            "transfer {amount} from my bank to {account_id}",
            "top up {account_id} by {amount}",
        ),
        answer=Answer(
            fields=("amount", "cash"),
            says=(
                "Deposited {amount} into {account_id}; its cash is now {cash}.",
                "{amount} is in {account_id}, which now has {cash} in cash.",
                "Done: {amount} went into {account_id} (cash balance {cash}).",
            ),
        ),
        why=("I want cash ready for my next trade", "payday just came in", "I invest a little every month"),
    ),
    "withdraw_funds": ToolLanguage(
        task=("withdraw {amount} from {account_id}", "move {amount} from {account_id} to the linked bank"),
        asks=(
            "withdraw {amount} from {account_id}",
            "take {amount} out of {account_id}",
            "move {amount} from {account_id} to my bank",
            "cash out {amount} from {account_id}",
            "send {amount} from {account_id} back to my bank account",
            "I need {amount} out of {account_id}",
        ),
        answer=Answer(
            fields=("amount", "cash"),
            says=(
                "Withdrew {amount} from {account_id}; {cash} in cash is left there.",
                "{amount} is on its way to your bank; {account_id} now holds {cash} in cash.",
                "Done: {amount} out of {account_id}, leaving {cash}.",
            ),
        ),
        why=("I have a big expense coming up", "I'm taking some profits", "I need the cash for a home repair"),
    ),
    "get_transaction_history": ToolLanguage(
        task=("look up the transactions of {account_id}", "check the recent activity in {account_id}"),
        asks=(
            "show the transactions of {account_id}",
            "list recent activity in {account_id}",
            "what happened in {account_id} lately?",
            "pull up the history of {account_id}",
            "what went in and out of {account_id} recently?",
            "give me the latest transactions on {account_id}",
        ),
        context=("it's in {account_id}", "the account is {account_id}"),
        params={
            "kind": {
                "deposit": ("only the deposits", "just deposits"),
                "withdrawal": ("only the withdrawals", "just withdrawals"),
                "buy": ("only the purchases", "just the buys"),
                "sell": ("only the sales", "just the sells"),
                "dividend": ("only the dividends", "just dividend payments"),
            },
            "symbol": ("for {}", "involving {}", "for {} only"),
            "limit": (", just the last {}", ", at most {} of them", ", only the {} most recent"),
        },
        answer=Answer(
            each="{kind} of {amount} on {at}",
            says=("I found {count} transactions: {items}.", "Recent activity: {items}.", "{count} entries: {items}."),
            empty=("No matching transactions in {account_id}.", "There's nothing like that in {account_id}'s history."),
        ),
        why=("I'm doing my taxes", "my accountant asked for it", "I want to see what I did last month"),
    ),
    "place_order": ToolLanguage(
        task=("{side} {quantity} shares of {symbol} in {account_id}", "place an order to {side} {quantity} {symbol}"),
        asks=(
            "{side} {quantity} shares of {symbol} in {account_id}",
            "place an order to {side} {quantity} {symbol} in {account_id}",
            "I want to {side} {quantity} {symbol} through {account_id}",
            "put in a {side} for {quantity} shares of {symbol} in {account_id}",
            "go ahead and {side} {quantity} {symbol} using {account_id}",
            "{side} {quantity} of {symbol} for me in {account_id}",
        ),
        context=("the order is to {side} {quantity} {symbol} in {account_id}",),
        params={
            "order_type": {"market": ("at market", "at the market price"), "limit": ("as a limit order", "as a limit order, not at market")},
            "limit_price": ("at {} or better", "with a limit of {}", "no worse than {}"),
            "time_in_force": {"day": ("good for today only", "for the day"), "gtc": ("good till cancelled", "and keep it open until it fills")},
        },
        answer=Answer(
            fields=("status", "summary"),
            says=(
                "Your order to {summary} is {status}.",
                "Order placed ({summary}); its status is {status}.",
                "I've put in the order to {summary}. Status: {status}.",
            ),
        ),
        why=("I've been thinking about it for a while", "my plan says it's time", "I've done my research"),
    ),
    "get_order_status": ToolLanguage(
        task=("check the status of {order_id}", "look up {order_id}"),
        asks=(
            "what's the status of {order_id}?",
            "did {order_id} fill?",
            "check on {order_id}",
            "has {order_id} gone through yet?",
            "where does {order_id} stand?",
            "is {order_id} still open?",
        ),
        context=("it's about {order_id}",),
        answer=Answer(
            fields=("status",),
            says=("{order_id} is {status}.", "The order to {summary} is {status}.", "Status of {order_id}: {status}."),
        ),
        why=("I haven't had a confirmation yet", "I want to know where I stand", "I'm planning my next move"),
    ),
    "list_orders": ToolLanguage(
        task=("list the orders in {account_id}", "look up the orders placed in {account_id}"),
        asks=(
            "show the orders in {account_id}",
            "what orders have I placed in {account_id}?",
            "list my orders in {account_id}",
            "which orders are there on {account_id}?",
            "pull up the order book for {account_id}",
            "any orders in {account_id}?",
        ),
        context=("the orders are in {account_id}", "I placed it in {account_id}"),
        params={
            "status": {
                "open": ("that are still open", "only the open ones"),
                "filled": ("that have filled", "only the filled ones"),
                "cancelled": ("that were cancelled", "only the cancelled ones"),
            },
            "symbol": ("for {}", "for {} only"),
            "limit": (", just the last {}", ", at most {} of them"),
        },
        answer=Answer(
            each="{summary} ({status})",
            says=("I found {count} orders: {items}.", "Orders in {account_id}: {items}.", "There are {count}: {items}."),
            empty=("No matching orders in {account_id}.", "{account_id} has no orders like that."),
        ),
        why=("I've lost track of what I've put in", "I'm tidying up my orders", "I want to be sure nothing is stuck"),
    ),
    "cancel_order": ToolLanguage(
        task=("cancel {order_id}",),
        asks=(
            "cancel {order_id}",
            "pull {order_id}",
            "kill {order_id} before it fills",
            "I changed my mind, cancel {order_id}",
            "take {order_id} off the book",
            "scrap {order_id}",
        ),
        answer=Answer(
            fields=("status",),
            says=("{order_id} is now {status}.", "Done, the order to {summary} is {status}.", "Cancelled: {summary} (status {status})."),
        ),
        why=("I rushed it", "the price moved too far", "I placed it by mistake"),
    ),
    "list_watchlists": ToolLanguage(
        task=("list the user's watchlists", "look up the user's watchlists"),
        asks=(
            "show my watchlists",
            "what watchlists do I have?",
            "list my watchlists and their symbols",
            "which lists am I watching?",
            "remind me what's on my watchlists",
            "how many watchlists have I set up?",
        ),
        answer=Answer(
            each="{name}",
            says=("You have {count} watchlists: {items}.", "Your watchlists: {items}.", "I see {count} lists: {items}."),
            empty=("You don't have any watchlists yet.", "There are no watchlists on your account."),
        ),
        why=("I'm looking for ideas", "I forgot what I'm tracking", "I want to tidy them up"),
    ),
    "get_watchlist": ToolLanguage(
        task=("open {watchlist_id} with its prices", "check the stocks on {watchlist_id}"),
        asks=(
            "show {watchlist_id} with prices",
            "how are the stocks on {watchlist_id} doing?",
            "open {watchlist_id}",
            "what's moving on {watchlist_id}?",
            "pull up {watchlist_id} for me",
            "give me the prices on {watchlist_id}",
        ),
        context=("it's {watchlist_id}",),
        answer=Answer(
            items="items",
            each="{symbol} at {last} ({change_pct})",
            says=("{name} has {count} stocks: {items}.", "On {name}: {items}.", "Here's {name}: {items}."),
            empty=("{name} is empty.", "There's nothing on {name} yet."),
        ),
        kinds={**_PRICES, "change_pct": "percent"},
        why=("I'm doing my weekly review", "I want a quick check before the close", "I'm looking for ideas"),
    ),
    "create_watchlist": ToolLanguage(
        task=("create a watchlist called {name}", "start a new watchlist named {name}"),
        asks=(
            "create a watchlist called {name}",
            "start a new watchlist named {name}",
            "make a {name} watchlist with {symbols}",
            "set up a watchlist, {name}, with {symbols} on it",
            "I'd like a new list called {name}",
            "add a watchlist named {name}",
        ),
        params={"symbols": ("with {} on it", "starting with {}", "and put {} on it")},
        values={"name": _WATCHLIST_NAMES},
        answer=Answer(
            fields=("name",),
            says=("Created your {name} watchlist.", "{name} is set up and ready.", "Your new watchlist {name} is in place."),
        ),
        why=("I want to track a few ideas", "I'm researching a theme", "it'll keep things organised"),
    ),
    "add_to_watchlist": ToolLanguage(
        task=("add {symbol} to {watchlist_id}",),
        asks=(
            "add {symbol} to {watchlist_id}",
            "put {symbol} on {watchlist_id}",
            "watch {symbol} in {watchlist_id}",
            "track {symbol} on {watchlist_id} too",
            "stick {symbol} onto {watchlist_id}",
            "include {symbol} in {watchlist_id}",
        ),
        answer=Answer(
            fields=("name",),
            says=("{symbol} is now on {name}.", "Added {symbol} to {name}.", "{name} now tracks {symbol} as well."),
        ),
        why=("I might invest in it", "a friend recommended it", "I want to keep an eye on it"),
    ),
    "remove_from_watchlist": ToolLanguage(
        task=("remove {symbol} from {watchlist_id}",),
        asks=(
            "remove {symbol} from {watchlist_id}",
            "take {symbol} off {watchlist_id}",
            "stop watching {symbol} in {watchlist_id}",
            "drop {symbol} from {watchlist_id}",
            "I don't need {symbol} on {watchlist_id} anymore",
            "get {symbol} off {watchlist_id}",
        ),
        answer=Answer(
            fields=("name",),
            says=("{symbol} is off {name}.", "Removed {symbol} from {name}.", "{name} no longer tracks {symbol}."),
        ),
        why=("I've lost interest in it", "it's cluttering the list", "I've seen enough of it"),
    ),
    "delete_watchlist": ToolLanguage(
        task=("delete {watchlist_id}",),
        asks=(
            "delete {watchlist_id}",
            "get rid of {watchlist_id}",
            "remove {watchlist_id} entirely",
            "I don't use {watchlist_id} anymore, delete it",
            "throw away {watchlist_id}",
            "trash {watchlist_id}",
        ),
        answer=Answer(says=("{watchlist_id} is deleted.", "Done, {watchlist_id} is gone.", "I've deleted {watchlist_id}.")),
        why=("I've moved those ideas elsewhere", "I'm tidying up", "the idea didn't pan out"),
    ),
}
