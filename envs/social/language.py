"""How people ask the social network for things, and how the assistant reports them (see envs/language.py).

The user has an account on a microblogging network and asks in a casual register ("like Ann's
post about the half marathon", "who's been mentioning me?"). People are said by their names,
posts and comments by what they say. Answers state what was asked for (follower counts, the
comments under a post, what's trending), never a dump of the result.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

from .data import HASHTAGS

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    "user": Noun("person", plural="people", named=("{}",)),
    "post": Noun("post", named=("the post {}", "the post saying {}", "the post that says {}")),
    "comment": Noun("comment", named=("the comment {}", "the comment saying {}")),
    "notification": Noun("notification", named=("the notification {}", "the alert {}")),
}

_LIMIT = ("just the latest {}", "only the {} newest", "no more than {}")

# What a user posts: ordinary posts of varied length and topic, some with hashtags (never a
# mention: an @handle must name an existing user).
_POSTS = (
    "Finally finished the puzzle we started at Christmas",
    "Three days of rain and I've read two whole books. Not complaining. #books",
    "Big news: I'm starting a new job next month!",
    "Does anyone have a good recipe for banana bread? Mine always comes out dry",
    "First swim in the lake this year. Freezing, but worth it #summer",
    "Our little team shipped the new app today. So proud of everyone #startups",
    "Traffic was so bad this morning I listened to an entire podcast episode #podcast",
    "Trying to drink less coffee this week. Day two and I'm already struggling #coffee",
    "Just adopted a rescue dog named Biscuit and my heart is full",
    "Who else is watching the game tonight? #nba",
    "Hot take: breakfast for dinner is the best dinner",
    "Spent the whole Saturday repotting plants and I regret nothing #gardening",
    "Happy birthday to my mom, who still beats me at chess",
    "My flight is delayed three hours, so I'm working from gate B12 #travel",
    "Went to the farmers market and came home with way too many tomatoes",
    "Learning Spanish with an app. 60 days in a row so far!",
    "The sunset from the office window tonight was unreal #nature",
    "Ran my first 10k without stopping. Slow, but I did it #running",
    "Reminder that it's okay to take a break #mentalhealth",
    "New blog post about what I learned from a year of remote work is up #remotework",
    "Can someone explain why the printer only works when I'm not in a hurry?",
    "Just finished the last episode of the series and I need to talk about it",
)

_COMMENTS = (
    "Congrats, well deserved!",
    "This is so true",
    "Haha, I needed this today",
    "Where was this taken? It looks amazing",
    "Thanks for sharing, super helpful",
    "Totally agree with you",
    "I had the same experience last week",
    "Love this!",
    "Can you share more details?",
    "Great point, I hadn't thought of it that way",
    "Good luck, you've got this",
    "Wow, that's impressive",
    "Sending you good vibes",
    "I'm not sure I agree, but interesting take",
    "Saving this for later",
    "Ha! Same here",
    "This made me smile",
    "Any tips for a beginner?",
)

_QUOTES = (
    "This is so true",
    "Worth a read",
    "Couldn't have said it better",
    "Everyone should see this",
    "Big news!",
    "Yes! This.",
    "Important thread",
    "Love this take",
    "So proud of this team",
    "Had to share this one",
    "Made my day",
    "Can confirm",
)

_BIOS = (
    "Product designer. Coffee first.",
    "Software engineer by day, amateur baker by night.",
    "Runner, reader, recovering perfectionist.",
    "Teacher. Dog person. Opinions are my own.",
    "Writing about food, travel and everything in between.",
    "Data nerd who loves hiking and bad puns.",
    "Nurse, mom of two, always tired, always grateful.",
    "Photographer chasing good light.",
    "Building things on the internet since 2009.",
    "Marketing lead. Plant parent. Trying to read more.",
    "Jazz, coffee and long walks.",
    "Student of history, fan of good stories.",
    "Learning to code one bug at a time.",
    "Just here for the book recommendations.",
)

_CITIES = (
    "Austin", "Lisbon", "Toronto", "Chicago", "Berlin", "Melbourne", "Denver", "Portland", "Seattle",
    "Dublin", "Barcelona", "Minneapolis", "Nashville", "Vancouver", "Boston", "Amsterdam",
)

_SEARCH = (
    "marathon", "coffee", "sourdough", "playoffs", "heat pump", "ramen", "deploy", "book club", "sunrise",
    "album", "bike lanes", "tomatoes", "pull request", "newsletter", "telescope", "standing desk", "tasting menu",
    "night train", "seed round", "podcast",
)

# Situations a user of the network mentions around any request (ToolEnv.scenes): neutral to every
# tool (no handle, hashtag, or audience word: "everyone", "followers"), first person.
SCENES = (
    "I'm trying to spend less time scrolling",
    "I've been neglecting my account lately",
    "I just got back from a trip and I'm catching up",
    "I run a small bakery and use this account for it",
    "my niece set this account up for me",
    "I mostly lurk, but I'd like to take part more",
    "soon I'm going on a social media detox",
    "my feed has been pretty negative lately",
    "having just moved, I'd like to meet people",
    "as a freelance photographer, I post my work here",
    "it's my lunch break and I'm scrolling",
    "a post of mine got way more attention than usual",
    "honestly, I'm still figuring out how this app works",
    "I want my account to feel more like me",
    "mostly I use this to keep up with friends",
    "before I start job hunting, I'm cleaning up my online presence",
    "my kids say I'm hopeless at social media",
    "I'm waiting for a train and killing time",
    "since I started a side hustle, I've been posting more",
    "our reading group moved its chatter to this app",
    "I'm following the news closely today",
    "keeping my account tidy matters to me",
    "it's been ages since I checked in here",
    "my manager reminded us to be careful about what we post",
    "I'm an artist trying to get my work seen",
    "stuck at home sick, I'm bored out of my mind",
    "my friends keep telling me to post more",
    "we're organising a small campaign for our neighbourhood",
    "we had a big family get-together at the weekend",
    "to be honest, I prefer reading to posting",
    "the app has been buzzing with notifications for me lately",
    "my account is mostly for keeping in touch with old classmates",
    "I'm writing a thesis on online communities",
    "usually I only check this app every week or so",
    "I look after this account for my sister's café",
    "the algorithm keeps showing me stuff I don't care about",
    "it's a slow evening and I'm catching up",
    "I am trying to maintain a more professional presence here",
    "lol, I've been glued to this app all day",
    "I'm rebuilding my account after a long break",
)

LANGUAGE = {
    "login": ToolLanguage(
        task=("log in to the user's account as {username}", "sign the user in with their handle and password"),
        asks=(
            "log me in as {username} with the password {password}",
            "sign in to my account, {username}, password {password}",
            "my handle is {username} and my password is {password}, log me in",
            "get me into the app: {username} / {password}",
            "I'm {username}; my password's {password}. Sign me in",
            "use {username} and {password} to log into my account",
        ),
        context=(
            "my handle is {username} and my password is {password}",
            "I log in as {username} with {password}",
            "my login is {username}, password {password}",
            "the account is {username}, the password {password}",
        ),
        answer=Answer(
            fields=("name",),
            says=(
                "You're logged in as {name} (@{handle}); you have {unread_notifications} unread notifications.",
                "Signed in. Welcome back, {name}.",
                "You're in as @{handle}, {name}.",
            ),
        ),
    ),
    "logout": ToolLanguage(
        task=("log out of the user's account",),
        asks=(
            "log me out",
            "sign out of my account",
            "I'm done scrolling for today, log me out",
            "end my session on the app",
            "sign me out of the social app",
            "log out of my account for me",
        ),
        answer=Answer(says=("You're logged out.", "Done, you're signed out.", "Signed out of your account.")),
    ),
    "find_users": ToolLanguage(
        task=("find {query} on the network", "look up the account of {query}"),
        asks=(
            "find {query} on here",
            "look up {query}",
            "is {query} on this app?",
            "search for the account of {query}",
            "who's {query} on here?",
            "I'm trying to find {query}",
            "can't find {query}, search for them",
        ),
        context=("the person is {query}", "it's {query}", "I mean {query}", "I'm looking for {query}"),
        params={"limit": ("just the top {}", "only {} results", "no more than {} of them")},
        answer=Answer(
            each="{name} (@{handle}, {city})",
            says=("I found {count} accounts: {items}.", "Matches for {query}: {items}.", "Here's who comes up for {query}: {items}."),
            empty=("Nobody on the network matches {query}.", "I couldn't find any account for {query}."),
        ),
        why=("I met them at a conference", "a friend told me about them", "I can't remember their handle"),
    ),
    "get_user_profile": ToolLanguage(
        task=("look up the profile of {user_id}", "check {user_id}'s profile"),
        asks=(
            "show me {user_id}'s profile",
            "how many followers does {user_id} have?",
            "tell me about {user_id}'s account",
            "what does {user_id} say in their bio?",
            "pull up the profile of {user_id}",
            "who is {user_id} on here?",
            "do I follow {user_id} already?",
        ),
        context=("it's about {user_id}", "I'm asking about {user_id}"),
        answer=Answer(
            fields=("bio", "followers", "following"),
            when={"i_follow": {
                True: (
                    "{name} (@{handle}) has {followers} followers and follows {following}. Bio: {bio} You already follow them.",
                    "You follow {name}. Their bio reads {bio}, and they have {followers} followers and follow {following} accounts.",
                ),
                False: (
                    "{name} (@{handle}) has {followers} followers and follows {following}. Bio: {bio} You don't follow them yet.",
                    "You don't follow {name} yet. Their bio reads {bio}; {followers} followers, following {following}.",
                ),
            }},
        ),
        why=("I want to know who they are", "I'm curious about them", "I think we met at a conference"),
    ),
    "follow_user": ToolLanguage(
        task=("follow {user_id}",),
        asks=(
            "follow {user_id}",
            "start following {user_id}",
            "add {user_id} to the people I follow",
            "I want to see {user_id}'s posts in my feed",
            "hit follow on {user_id}",
            "follow {user_id} for me",
        ),
        answer=Answer(
            when={"status": {
                "following": (
                    "You're now following @{handle}.",
                    "Done, you follow @{handle}; that makes {following_count} accounts you follow.",
                ),
                "requested": (
                    "@{handle}'s account is protected, so I sent a follow request; you'll see their posts once they approve it.",
                    "I asked to follow @{handle}. It's a protected account, so the request is pending their approval.",
                ),
            }},
        ),
        why=("we just met at a conference", "I love their photos", "a friend recommended them"),
    ),
    "unfollow_user": ToolLanguage(
        task=("unfollow {user_id}",),
        asks=(
            "unfollow {user_id}",
            "stop following {user_id}",
            "remove {user_id} from the people I follow",
            "I don't want {user_id} in my feed anymore",
            "drop {user_id} from my follows",
            "cancel my follow of {user_id}",
        ),
        answer=Answer(
            fields=("following_count",),
            says=(
                "You've unfollowed @{handle}; you now follow {following_count} accounts.",
                "Done, @{handle} is out of your feed. You follow {following_count} accounts now.",
                "Unfollowed @{handle}, leaving {following_count} accounts you follow.",
            ),
        ),
        why=("they post too much", "I'm not interested in their stuff anymore", "my feed is too crowded"),
    ),
    "list_followers": ToolLanguage(
        task=("list the followers of {user_id}", "check who follows {user_id}"),
        asks=(
            "who follows {user_id}?",
            "list the followers of {user_id}",
            "show me {user_id}'s followers",
            "which accounts follow {user_id}?",
            "pull up everyone following {user_id}",
            "I'd like to see who's following {user_id}",
        ),
        context=("it's about {user_id}", "the account is {user_id}"),
        params={"limit": ("just the latest {}", "only {} of them", "the {} most recent")},
        answer=Answer(
            each="{name} (@{handle})",
            says=("{user_id} is followed by {items}.", "Followers of {user_id}: {items}.", "Here are {count} of {user_id}'s followers: {items}."),
            empty=("{user_id} has no followers yet.", "Nobody follows {user_id} so far."),
        ),
        why=("I'm curious who's following along", "I'm looking for people with similar interests"),
    ),
    "list_following": ToolLanguage(
        task=("list the accounts {user_id} follows", "check who {user_id} follows"),
        asks=(
            "who does {user_id} follow?",
            "list the accounts {user_id} follows",
            "show me who {user_id} is following",
            "which people does {user_id} keep up with?",
            "pull up {user_id}'s follow list",
            "I'm curious who {user_id} follows",
        ),
        context=("it's about {user_id}", "the account is {user_id}"),
        params={"limit": ("just the latest {}", "only {} of them", "the {} most recent")},
        answer=Answer(
            each="{name} (@{handle})",
            says=("{user_id} follows {items}.", "Accounts {user_id} follows: {items}.", "Here are {count} accounts {user_id} follows: {items}."),
            empty=("{user_id} doesn't follow anyone.", "{user_id} isn't following anybody yet."),
        ),
        why=("I'm looking for accounts to follow", "I'm curious what they're into"),
    ),
    "update_profile": ToolLanguage(
        task=("update the user's profile",),
        asks=(
            "update my profile",
            "edit my profile",
            "change my profile details",
            "I want to refresh my profile",
            "make some changes to my profile",
            "fix up my profile info",
        ),
        params={
            "bio": ("with the bio {}", "so my bio reads {}", "changing my bio to {}"),
            "city": ("with my city set to {}", "to say I live in {}", "moving my location to {}"),
        },
        values={"bio": _BIOS, "city": _CITIES},
        answer=Answer(
            fields=("bio", "city"),
            says=(
                "Your profile is updated: your bio reads {bio} and your city is {city}.",
                "Done. Bio: {bio} City: {city}.",
                "Saved: the bio {bio} is up and your city shows as {city}.",
            ),
        ),
        why=("it's out of date", "I want it to sound more like me", "a friend said it sounds stiff"),
    ),
    "create_post": ToolLanguage(
        task=("post {text}", "publish a post saying {text}"),
        asks=(
            "post {text}",
            "publish a post saying {text}",
            "share this on my feed: {text}",
            "put up a post: {text}",
            "I want to post {text}",
            "write a new post that says {text}",
            "tweet {text}",
            "make a post for me: {text}",
        ),
        params={
            "replies": {
                "everyone": ("and let anyone reply", "with replies open to all"),
                "followers": ("and only let people who follow me reply", "with replies limited to my followers"),
            },
        },
        values={"text": _POSTS},
        answer=Answer(
            says=(
                "Your post is live: {text}",
                "Posted. It reads {text}",
                "Done, it's on your profile now.",
            ),
        ),
        why=("I haven't posted in a while", "my friends have been asking for an update", "I want to share it while it's fresh"),
    ),
    "get_post": ToolLanguage(
        task=("open {post_id} with its comments", "read the comments on {post_id}"),
        asks=(
            "show me {post_id} with its comments",
            "what are people saying under {post_id}?",
            "read me the comments on {post_id}",
            "how many likes does {post_id} have?",
            "open {post_id}",
            "pull up {post_id} and its replies",
        ),
        context=("it's about {post_id}", "I mean {post_id}"),
        answer=Answer(
            items="comment_list",
            each="{author.name}: {text}",
            fields=("likes", "comments"),
            says=(
                "{author.name}'s post has {likes} likes and {comments} comments: {items}.",
                "It has {likes} likes. The {comments} comments so far: {items}.",
                "{likes} likes and {comments} comments. People wrote {items}.",
            ),
            empty=(
                "It has {likes} likes and no comments yet.",
                "Nobody has commented on it yet; it has {likes} likes.",
            ),
        ),
        why=("I want to see what people said", "I'm curious how it's going", "a friend told me about it"),
    ),
    "get_user_posts": ToolLanguage(
        task=("look up the latest posts of {user_id}", "check what {user_id} has posted"),
        asks=(
            "show me the latest posts by {user_id}",
            "what has {user_id} posted recently?",
            "list {user_id}'s posts",
            "what's {user_id} been sharing lately?",
            "pull up {user_id}'s feed",
            "catch me up on {user_id}'s posts",
        ),
        context=("it was posted by {user_id}", "{user_id} wrote it"),
        params={"limit": _LIMIT},
        answer=Answer(
            each="{text}",
            says=("{user_id}'s latest posts: {items}.", "Here's what {user_id} posted recently: {items}.", "{count} recent posts from {user_id}: {items}."),
            empty=("{user_id} hasn't posted anything.", "There are no posts from {user_id} yet."),
        ),
        why=("I haven't checked on them in a while", "I'm curious what they've been up to", "a friend told me to have a look"),
    ),
    "comment_on_post": ToolLanguage(
        task=("comment {text} on {post_id}", "leave a comment on {post_id}"),
        asks=(
            "comment {text} on {post_id}",
            "reply to {post_id} saying {text}",
            "leave a comment on {post_id}: {text}",
            "write {text} under {post_id}",
            "add a comment to {post_id} saying {text}",
            "respond to {post_id} with {text}",
        ),
        values={"text": _COMMENTS},
        answer=Answer(says=(
            "Your comment is up on {post_id}.",
            "Done, you commented on {post_id}.",
            "I left your comment under {post_id}.",
        )),
        why=("I want them to know I saw it", "I have something to add", "they asked for opinions"),
    ),
    "repost": ToolLanguage(
        task=("repost {post_id}",),
        asks=(
            "repost {post_id}",
            "share {post_id} on my profile",
            "boost {post_id} to my followers",
            "I want to repost {post_id}",
            "reshare {post_id}",
            "put {post_id} on my feed too",
        ),
        params={"quote": ("with the comment {}", "adding {} on top", "and say {} with it")},
        values={"quote": _QUOTES},
        answer=Answer(says=("Reposted {post_id}.", "Done, {post_id} is on your profile now.", "{post_id} is shared with your followers.")),
        why=("I want my friends to see it", "it deserves more attention", "it made me laugh"),
    ),
    "like_post": ToolLanguage(
        task=("like {post_id}",),
        asks=(
            "like {post_id}",
            "give {post_id} a like",
            "heart {post_id}",
            "I like {post_id}, hit the like button",
            "leave a like on {post_id}",
            "tap like on {post_id} for me",
        ),
        answer=Answer(
            fields=("likes",),
            says=("Liked it; {post_id} now has {likes} likes.", "Done, that's {likes} likes on it now.", "You liked {post_id} ({likes} likes in total)."),
        ),
        why=("I want them to know I saw it", "it cheered me up", "they worked hard on it"),
    ),
    "unlike_post": ToolLanguage(
        task=("remove the user's like from {post_id}",),
        asks=(
            "unlike {post_id}",
            "remove my like from {post_id}",
            "take back my like on {post_id}",
            "I liked {post_id} by mistake, undo it",
            "undo my like on {post_id}",
            "un-heart {post_id}",
        ),
        answer=Answer(
            fields=("likes",),
            says=("Your like is gone; {post_id} has {likes} likes now.", "Unliked it, {likes} likes left.", "Removed your like from {post_id} (now {likes} likes)."),
        ),
        why=("I hit the button without thinking", "I changed my mind about it", "I didn't read it properly"),
    ),
    "delete_post": ToolLanguage(
        task=("delete {post_id}",),
        asks=(
            "delete {post_id}",
            "remove {post_id} from my profile",
            "take down {post_id}",
            "I regret {post_id}, delete it",
            "get rid of {post_id}",
            "erase {post_id}",
        ),
        answer=Answer(says=(
            "Deleted {post_id}.",
            "{post_id} is gone, along with its {comments_removed} comments.",
            "Done, I took down {post_id}.",
        )),
        why=("it didn't land the way I hoped", "it had a mistake in it", "it's no longer accurate"),
    ),
    "get_timeline": ToolLanguage(
        task=("check the user's home timeline",),
        asks=(
            "show my timeline",
            "what's new in my feed?",
            "catch me up on my feed",
            "what have the people I follow been posting?",
            "scroll my timeline for me",
            "anything interesting on my feed today?",
            "give me the latest from my feed",
        ),
        params={"limit": _LIMIT},
        answer=Answer(
            each="{author.name}: {text}",
            says=("Latest on your timeline: {items}.", "Here are the newest {count} posts: {items}.", "Your feed: {items}."),
            empty=("Your timeline is empty.", "Nothing on your timeline yet."),
        ),
        why=("I haven't checked in a while", "I'm bored", "I want to see what my friends are up to"),
    ),
    "get_notifications": ToolLanguage(
        task=("check the user's notifications",),
        asks=(
            "show my notifications",
            "any notifications for me?",
            "what's been happening on my account?",
            "who's been interacting with me?",
            "check my notifications",
            "go through my alerts",
        ),
        params={
            "unread_only": {True: ("only the unread ones", "just the ones I haven't seen"), False: ("including the ones I've seen", "read ones too")},
            "limit": ("just the latest {}", "only the last {}", "no more than {}"),
        },
        answer=Answer(
            each="{summary}",
            says=("You have {count} notifications: {items}.", "Recent notifications: {items}.", "Here's what happened: {items}."),
            empty=("You have no notifications like that.", "Nothing new in your notifications."),
        ),
        why=("my phone keeps buzzing", "I want to see who reacted to my post", "I've been offline all day"),
    ),
    "mark_notifications_read": ToolLanguage(
        task=("mark all of the user's notifications as read",),
        asks=(
            "mark all my notifications as read",
            "clear my unread notifications",
            "mark my notifications read",
            "I've seen everything, clear the badge",
            "reset my notification count",
            "dismiss all my alerts",
        ),
        answer=Answer(
            fields=("marked",),
            says=("Marked {marked} notifications as read.", "Done, {marked} notifications cleared.", "All caught up: {marked} marked as read."),
        ),
        why=("nothing there needs my attention", "the badge is distracting me", "I'm starting fresh"),
    ),
    "get_mentions": ToolLanguage(
        task=("check the posts that mention the user",),
        asks=(
            "who mentioned me?",
            "show posts that mention me",
            "has anyone tagged me lately?",
            "list the posts I'm mentioned in",
            "where have people been talking about me?",
            "check my mentions",
        ),
        params={"limit": _LIMIT},
        answer=Answer(
            each="{author.name}: {text}",
            says=("You were mentioned in {count} posts: {items}.", "Your mentions: {items}.", "These posts mention you: {items}."),
            empty=("Nobody has mentioned you.", "No mentions so far."),
        ),
        why=("someone said they tagged me", "I don't want to miss anything", "I think people are talking about my post"),
    ),
    "get_trending_hashtags": ToolLanguage(
        task=("check which hashtags are trending",),
        asks=(
            "what's trending?",
            "which hashtags are popular today?",
            "show me the trending hashtags",
            "what is everyone posting about right now?",
            "give me today's hot topics",
            "what are the top hashtags at the moment?",
        ),
        params={"limit": ("just the top {}", "only {} of them", "the top {}")},
        answer=Answer(
            each="#{tag} ({posts_24h} posts today)",
            says=("Trending now: {items}.", "The top {count} hashtags: {items}.", "People are posting about {items}."),
            empty=("Nothing is trending right now.", "No hashtags are trending at the moment."),
        ),
        why=(
            "I want to join the conversation",
            "I'm looking for something to post about",
            "I'm curious what people are talking about",
        ),
    ),
    "search_posts": ToolLanguage(
        task=("search posts about {query}", "look for posts on {query}"),
        asks=(
            "search posts about {query}",
            "find posts on {query}",
            "look for posts about {query}",
            "what are people saying about {query}?",
            "search the network for {query}",
            "dig up posts about {query}",
            "show me recent posts on {query}",
        ),
        context=("it was about {query}", "the post mentioned {query}", "it talked about {query}"),
        params={"hashtag": ("tagged #{}", "with the hashtag #{}", "under #{}"), "limit": _LIMIT},
        values={"query": _SEARCH, "hashtag": HASHTAGS},
        answer=Answer(
            each="{author.name}: {text}",
            says=("I found {count} posts: {items}.", "Here's what comes up: {items}.", "{count} matching posts: {items}."),
            empty=("No posts match that.", "I couldn't find any posts like that."),
        ),
        why=("I want to see what people are saying", "I'm researching a topic", "a friend mentioned it"),
    ),
}
