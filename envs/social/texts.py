"""What people on the network write: posts per hashtag, comments, bio taglines (authored, not Faker).

A post is ``"<opener><lead> <tail> #<tag>"``: a lead (what the post says), an optional tail that
fits every lead of its hashtag and an optional casual opener ("Honestly, "), so a few hundred
authored lines give a few thousand distinct posts. Posts are what users call them by ("the post saying ..."), so they must read like posts.
Plain ASCII, no ``#`` or ``@`` inside the lines (the world adds the tag and any mention).
"""

from __future__ import annotations

__all__ = ["POSTS", "COMMENTS", "TAGLINES", "OPENERS", "compose"]

POSTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ai": (
        (
            "Asked an AI assistant to summarize a 40-page contract and it actually caught the auto-renewal clause.",
            "Every demo looks magical until you try it on your own messy data.",
            "Used a coding assistant all week and I write more tests now, not fewer.",
            "The new open-weights models are getting scary good at reasoning.",
            "Spent the afternoon evaluating chatbots for our support team.",
            "My favorite use of AI so far: turning meeting notes into action items.",
            "Hallucinations are still the biggest problem nobody has solved.",
            "Gave a talk on prompt design to our marketing team today.",
            "Fine-tuned a small model on our docs and it beats the big one on our questions.",
            "Our intern built a working prototype with an LLM in two days.",
            "AI won't replace you, but a colleague who uses it well might.",
            "Reading the new model card over coffee this morning.",
            "Ran the same prompt ten times and got ten different answers.",
            "Translation quality from these models has quietly become excellent.",
        ),
        (
            "Thoughts?", "Still not sure how I feel about it.", "Wild times.", "Curious what others are seeing.",
            "The pace of this field is exhausting.", "Would love to hear how your team uses it.",
        ),
    ),
    "climate": (
        (
            "Record heat again this week and it's only early summer.",
            "Our city finally approved protected bike lanes downtown.",
            "Switched our home to a heat pump and the first winter bill is in: 30% lower.",
            "The new climate report makes for grim reading.",
            "Planted twelve trees with the neighborhood group this morning.",
            "Wildfire smoke turned the sky orange for the third day in a row.",
            "Great panel tonight on how cities can adapt to flooding.",
            "Rooftop solar went up on our building today.",
            "Glaciers I hiked ten years ago are barely there anymore.",
            "Our company just published its first emissions report.",
            "Took the train instead of flying for the conference and loved it.",
        ),
        ("We need to move faster.", "Hopeful and worried at the same time.", "Thoughts?"),
    ),
    "python": (
        (
            "Finally migrated our service to the latest Python and the test suite is faster.",
            "Type hints caught a bug before it shipped today.",
            "Dataclasses remain my favorite part of the standard library.",
            "Wrote my first async web scraper this weekend.",
            "Switched from pandas to polars and the same job runs in a fraction of the time.",
            "Teaching my niece Python with turtle graphics.",
            "pytest fixtures finally clicked for me.",
            "Packaging in Python has come a long way.",
            "Spent an hour debugging and it was a missing comma.",
            "Our team switched to ruff and the linting takes a second now.",
            "Just gave my first talk at the local Python meetup.",
            "List comprehensions are great until someone nests three of them.",
        ),
        ("Happy coding!", "Small wins.", "Python never gets old.", "Back to the terminal."),
    ),
    "music": (
        (
            "This new album has been on repeat all week.",
            "Saw my favorite band live last night and they were even better than the record.",
            "Picked up the guitar again after ten years.",
            "Found a record store that still lets you listen before you buy.",
            "Made a playlist for my commute and it's perfect.",
            "The opening track of that album gives me chills every time.",
            "Our choir performs on Saturday, nervous and excited.",
            "Got tickets for the summer festival before they sold out.",
            "Nothing beats vinyl on a rainy Sunday.",
            "My daughter just played her first piano recital.",
            "Learned a new song on the ukulele today.",
        ),
        ("Music makes everything better.", "Send me your recommendations."),
    ),
    "travel": (
        (
            "Just landed in Lisbon and the light here is unreal.",
            "Missed my connection but the airport had great noodles, so it's fine.",
            "Three days in Kyoto is not nearly enough.",
            "Packed only a carry-on for two weeks and I'm very proud.",
            "Night train from Vienna to Venice, waking up to the lagoon.",
            "Found the best little bakery two streets from our hotel.",
            "Road trip along the coast, day four.",
            "Booked flights for the holidays and my wallet is crying.",
            "The view from the ferry this morning was worth the early start.",
            "Got lost in the old town and found the best dinner of the trip.",
            "Back home after a month away and my plants somehow survived.",
        ),
        ("Travel is the best teacher.", "Any tips welcome.", "Already planning the next trip."),
    ),
    "foodie": (
        (
            "Finally tried the ramen place everyone has been talking about.",
            "Homemade pasta night and it turned out perfect.",
            "The farmers market had the first strawberries of the season.",
            "This taco truck might be the best thing in the neighborhood.",
            "Made my grandmother's dumpling recipe for the first time.",
            "Brunch spot with a 40-minute wait, totally worth it.",
            "Tried a tasting menu for our anniversary and I'm still thinking about dessert.",
            "Sourdough attempt number six finally has an open crumb.",
            "Found a tiny Ethiopian restaurant around the corner.",
            "Street food tour tonight, I've lost count of what we ate.",
        ),
        ("So good.", "Food is happiness.", "Highly recommend."),
    ),
    "fitness": (
        (
            "Hit a new deadlift personal best this morning.",
            "Day 30 of my stretching routine and my back thanks me.",
            "Tried a spin class for the first time and I can't feel my legs.",
            "Morning workouts are hard, but I'm never sorry afterwards.",
            "Joined a climbing gym and I'm hooked.",
            "Walked 15,000 steps today without even trying.",
            "Rest days are part of the plan too.",
            "Swam a full mile without stopping for the first time.",
            "Yoga at lunch is the best part of my week.",
            "Signed up for my first obstacle race.",
        ),
        ("Progress, not perfection.", "Feeling strong.", "Consistency wins.", "Who's joining me next time?"),
    ),
    "nba": (
        (
            "That buzzer beater last night was unbelievable.",
            "Our team finally made the playoffs after six years.",
            "Overtime in game seven, my heart can't take this.",
            "The rookie dropped 40 points and he's only 20.",
            "Trade deadline rumors are driving me crazy.",
            "Got courtside seats through work and I'm still not over it.",
            "Refs decided that game and everyone knows it.",
            "Our defense in the fourth quarter was a mess.",
            "Best finals series in years.",
        ),
        ("Basketball is everything.", "Who else is watching?", "This league, man."),
    ),
    "worldcup": (
        (
            "Penalty shootouts should be illegal for my blood pressure.",
            "Watched the match at 5 am with the whole neighborhood.",
            "That goal in the 93rd minute, I can't believe it.",
            "Our office stopped working for the second half.",
            "The underdogs made the quarterfinals.",
            "Painted my face for the final, no regrets.",
            "Best opening match I can remember.",
            "Three draws in a row and we're somehow through.",
        ),
        ("What a tournament.", "Unreal scenes.", "Football, man."),
    ),
    "startups": (
        (
            "We just closed our seed round.",
            "Our first paying customer signed today.",
            "Shipped the new onboarding flow and sign-ups doubled.",
            "Spent the day talking to customers instead of building.",
            "Hiring our first engineer was harder than raising money.",
            "Pivoting after a year of building is humbling.",
            "Demo day is next week and the deck is on version 23.",
            "We moved into our first real office, with an actual door.",
            "A customer wrote us a thank-you note today.",
            "Our runway just got a lot longer after this quarter.",
        ),
        ("Onward.", "Grateful for this team.", "Long way to go.", "Founders, keep going."),
    ),
    "photography": (
        (
            "Golden hour at the harbor, shot on an old film camera.",
            "Woke up at 4 am for this sunrise and it was worth it.",
            "Finally printed my favorite shots from the trip.",
            "Street photography walk downtown this morning.",
            "Learned more about light in one workshop than in a year of videos.",
            "Fog over the lake made everything look like a painting.",
            "My first roll of black and white film came back today.",
            "Shot my friend's wedding and I'm exhausted and happy.",
        ),
        ("Still learning.", "More soon.", "Photography keeps me sane."),
    ),
    "books": (
        (
            "Finished a 600-page novel in a week and now I feel lost.",
            "Our book club picked a mystery this month.",
            "The library had the sequel waiting for me.",
            "Reading on the balcony with coffee is my favorite Sunday.",
            "That ending completely broke me.",
            "Started a nonfiction book about the history of maps.",
            "Twenty books into my reading goal for the year.",
            "Bought three books at the secondhand shop today.",
        ),
        ("Recommendations welcome.", "Books are the best.", "Reading is my happy place."),
    ),
    "gaming": (
        (
            "Beat the final boss after 60 hours.",
            "Game night with friends went until 2 am.",
            "The new open-world game is gorgeous but my laptop is struggling.",
            "Finally got into the indie game everyone recommended.",
            "Co-op with my brother across the country every Friday.",
            "Speedrunning is the most stressful hobby I've ever had.",
            "Board game cafe tonight, we lost badly.",
            "Dusted off my old console and the classics still hold up.",
        ),
        ("GG.", "One more round.", "What are you playing?"),
    ),
    "design": (
        (
            "Redesigned our settings page and support tickets dropped.",
            "Good typography fixes half of most interfaces.",
            "Spent the day doing usability tests and learned so much.",
            "Dark mode is done, finally.",
            "A designer's best tool is still pen and paper.",
            "Our new design system saves everyone hours a week.",
            "Accessibility is not a feature you add at the end.",
            "Sketched twenty logo ideas and we picked the first one.",
        ),
        ("Feedback welcome.", "Details matter.", "Design is never done."),
    ),
    "remotework": (
        (
            "Working from a cafe today and the Wi-Fi is surprisingly good.",
            "Two years fully remote and I still miss whiteboards.",
            "My standing desk finally arrived.",
            "No-meeting Wednesdays have changed my week.",
            "The commute from bed to desk is ten steps.",
            "Our team met in person for the first time in a year.",
            "Set up a proper home office and my back is grateful.",
        ),
        ("How does your team do it?", "Balance is everything.", "Remote life."),
    ),
    "movies": (
        (
            "Saw the new sci-fi film on the big screen and it was worth it.",
            "Rewatched an old favorite and it holds up.",
            "That plot twist, I did not see it coming.",
            "Movie marathon this weekend: three films, one huge bowl of popcorn.",
            "The soundtrack of that film is stuck in my head.",
            "Went to a tiny independent cinema tonight.",
            "The sequel is somehow better than the original.",
        ),
        ("Still thinking about it.", "Cinema is magic.", "Recommendations welcome."),
    ),
    "coffee": (
        (
            "Coffee first, then code.",
            "Found a roaster that delivers on Mondays.",
            "My pour-over technique is finally consistent.",
            "The new cafe on the corner makes a perfect flat white.",
            "Third cup of the day and it's not even noon.",
            "Trying to cut down to two coffees a day, wish me luck.",
            "Cold brew season is officially open.",
        ),
        ("Priorities.", "Good morning.", "Coffee is life."),
    ),
    "hiking": (
        (
            "Made it to the summit before the clouds rolled in.",
            "Twelve miles on the ridge trail today.",
            "Saw a family of deer at the trailhead.",
            "First overnight hike of the season.",
            "The wildflowers on the lower trail are out.",
            "Got caught in a hailstorm halfway up, still worth it.",
            "New boots, no blisters.",
        ),
        ("Nature heals.", "Already planning the next one.", "Trail life."),
    ),
    "science": (
        (
            "Our paper was accepted after three rounds of review.",
            "Spent the day in the lab and the experiment finally worked.",
            "The telescope images released today are stunning.",
            "Explaining my research to my grandmother was the best practice.",
            "Science fair judging today and the kids were brilliant.",
            "Peer review is slow, but it works.",
        ),
        ("Curiosity wins.", "Science is amazing.", "Onward."),
    ),
    "space": (
        (
            "Watched the rocket launch from the beach this morning.",
            "The new images of Jupiter are breathtaking.",
            "Saw the space station fly over tonight.",
            "Meteor shower peaks this weekend.",
            "The landing was perfect.",
            "Took my kids to the planetarium and they want to be astronauts now.",
        ),
        ("We live in amazing times.", "Goosebumps.", "Space never gets old."),
    ),
    "art": (
        (
            "Finished my first oil painting.",
            "The museum's new exhibit is incredible.",
            "Sketchbook page a day, day 100.",
            "Pottery class, week three, my bowls are less wobbly.",
            "Sold my first print today.",
            "Spent the afternoon at a street art festival.",
        ),
        ("Art keeps me sane.", "Made my day.", "More soon."),
    ),
    "cooking": (
        (
            "Meal-prepped for the whole week in two hours.",
            "First attempt at a souffle and it didn't collapse.",
            "Made soup from everything left in the fridge.",
            "Learned to sharpen my knives properly.",
            "Slow-cooked short ribs for eight hours.",
            "Baked bread with my kids this afternoon.",
        ),
        ("Kitchen is a mess.", "So worth it.", "Cooking is therapy."),
    ),
    "marketing": (
        (
            "Our newsletter open rate hit 52% this month.",
            "Launched our first video ad today.",
            "The best campaigns start by listening to customers.",
            "A/B test results are in and the boring subject line won.",
            "Rewrote our landing page copy and conversions went up.",
            "Spent the day at a marketing conference.",
        ),
        ("Lessons learned.", "Onward.", "Always be testing."),
    ),
    "mentalhealth": (
        (
            "Took a full day off with no screens and it helped.",
            "Therapy has been the best investment I've made.",
            "It's okay to not be okay some days.",
            "Started journaling before bed.",
            "A walk at lunch changes my whole afternoon.",
            "Told my manager I was struggling and it went better than expected.",
        ),
        ("Be kind to yourselves.", "Check on your friends.", "One day at a time.", "You're not alone."),
    ),
    "sustainability": (
        (
            "Our office finally got proper recycling bins.",
            "Repaired my jacket instead of buying a new one.",
            "Started composting on the balcony.",
            "Bought everything second-hand this month.",
            "Our team switched to refillable cleaning products.",
            "Biked to work every day this week.",
        ),
        ("Small steps.", "Every bit counts.", "Trying to do better.", "Feels good."),
    ),
    "devops": (
        (
            "The deploy pipeline went from 40 minutes to 8.",
            "Paged at 3 am for a full disk, again.",
            "Finally have monitoring that tells us something useful.",
            "Rolled back in two minutes thanks to feature flags.",
            "Migrated the last service off the old servers.",
            "Wrote our first proper incident postmortem.",
        ),
        ("Automate everything.", "Lessons learned.", "Ops life."),
    ),
    "opensource": (
        (
            "My first pull request to a big project got merged.",
            "Maintainers deserve way more thanks than they get.",
            "Released version 2.0 of my little library today.",
            "Spent the weekend fixing docs for a project I use every day.",
            "Our company started sponsoring the tools we depend on.",
            "Someone I've never met fixed a bug in my project overnight.",
        ),
        ("Give back when you can.", "Open source is amazing.", "Thank you, contributors."),
    ),
    "fashion": (
        (
            "Found the perfect vintage denim jacket.",
            "Capsule wardrobe, month two: I really don't miss anything.",
            "Thrifted a wool coat for twenty dollars.",
            "Finally learned to tie a proper scarf knot.",
            "Fashion week street style never disappoints.",
        ),
        ("Obsessed.", "Loving it.", "Style is personal."),
    ),
    "parenting": (
        (
            "My toddler said please without prompting today.",
            "First day of school, and I cried more than she did.",
            "Bedtime took two hours tonight.",
            "Our son learned to ride his bike this weekend.",
            "Packing lunches at 6 am is my life now.",
        ),
        ("Parenting is a journey.", "Send coffee."),
    ),
    "gardening": (
        (
            "First tomatoes of the summer are ripe.",
            "Planted garlic for next year.",
            "The basil on the balcony is out of control.",
            "Built two raised beds this weekend.",
            "Slugs ate half my lettuce overnight.",
        ),
        ("Garden life.", "More next week.", "Gardening teaches patience."),
    ),
    "running": (
        (
            "Finished my first half marathon.",
            "Ran 10 km before work this morning.",
            "Rainy long run, soaked and happy.",
            "New personal best on my 5k.",
            "Joined a running club and everyone is so welcoming.",
            "Marathon training, week six.",
        ),
        ("Legs are jelly.", "Feeling strong.", "One step at a time.", "Who's running this weekend?"),
    ),
    "jazz": (
        (
            "Late set at the jazz club and the trio was on fire.",
            "Found a first pressing of a classic album at a flea market.",
            "Learning to improvise on the saxophone is humbling.",
            "Sunday morning, coffee and piano jazz.",
            "The festival lineup this year is incredible.",
        ),
        ("Pure magic.", "Timeless.", "Jazz forever."),
    ),
    "datascience": (
        (
            "Spent more time cleaning the data than modeling it, as usual.",
            "Our dashboard finally answers the question the CEO asked.",
            "A simple linear model beat the fancy one.",
            "Presented my analysis and nobody asked about the p-values.",
            "SQL is still the most useful skill I have.",
        ),
        ("Lessons learned.", "Data is messy.", "Keep it simple.", "Thoughts?"),
    ),
    "electionnight": (
        (
            "Polls just closed and the first results are coming in.",
            "Volunteered at the polling station all day.",
            "Turnout looks higher than last time.",
            "Too close to call in three states.",
            "Stayed up until 2 am watching the results.",
        ),
        ("Long night ahead.", "Every vote counts."),
    ),
    "tbt": (
        (
            "Ten years ago today I moved to this city with one suitcase.",
            "Found my old college ID photo, the haircut was a choice.",
            "Our first family trip to the lake.",
            "My first day at my first job, so many years ago.",
            "Camping with friends the summer after graduation.",
        ),
        ("Time flies.", "Good times.", "Those were the days.", "Feeling nostalgic."),
    ),
    "mondaymotivation": (
        (
            "New week, new goals.",
            "Started the day with a run and a plan.",
            "Small steps every day add up.",
            "Cleared my inbox before 9 am.",
            "Remember why you started.",
        ),
        ("Let's go.", "You've got this.", "Have a great week.", "One thing at a time."),
    ),
    "weekendvibes": (
        (
            "Pancakes, no alarm, no plans.",
            "Spent the whole afternoon at the beach.",
            "Farmers market, a long walk, and a nap.",
            "Game night with the neighbors.",
            "Lazy Sunday with a good book.",
        ),
        ("Perfect.", "Needed this.", "Recharged.", "Back to reality tomorrow."),
    ),
    "nature": (
        (
            "Saw an owl on my evening walk.",
            "The autumn colors in the park are at their peak.",
            "Sunrise over the valley this morning.",
            "The river is high after all the rain.",
            "Heard the first birds of spring today.",
        ),
        ("Take a moment outside.", "Breathtaking.", "Nature heals.", "So peaceful."),
    ),
    "history": (
        (
            "Visited the old fort and the guide knew every story.",
            "Reading letters my great-grandfather wrote during the war.",
            "The city archive has maps from the 1700s.",
            "Finished a great podcast series on the Roman Empire.",
            "Our town is celebrating its 300th anniversary.",
        ),
        ("Fascinating.", "History is full of surprises.", "Highly recommend.", "Learned so much."),
    ),
    "podcast": (
        (
            "New episode is out: we talk about burnout and how to avoid it.",
            "Recorded an episode with a guest I've admired for years.",
            "Our podcast just passed 10,000 downloads.",
            "Looking for a good history podcast for my commute.",
            "Listening to a podcast about the science of sleep.",
        ),
        ("Recommendations welcome.", "Podcasts make my commute."),
    ),
}

# Said before a lead now and then (half the posts have none).
OPENERS = ("", "", "", "Honestly, ", "So, ", "Okay, ")
_KEEP_CASE = frozenset({"AI", "A/B", "SQL", "Sunday", "I"})


def compose(opener: str, lead: str, tail: str) -> str:
    """One post's text without its hashtag: the lead after the opener starts lower-case."""
    if opener:
        first = lead.split(" ", 1)[0]
        if first not in _KEEP_CASE and not first.startswith("I'"):
            lead = lead[0].lower() + lead[1:]
    return f"{opener}{lead} {tail}" if tail else f"{opener}{lead}"


# Replies under a post: short reactions that fit any post.
COMMENTS = (
    "Love this!", "So true.", "Couldn't agree more.", "Thanks for sharing.", "This made my day.",
    "Interesting take.", "Haha, same here.", "Saving this for later.", "Great point.", "Wow.",
    "100% agree.", "Tell me more!", "Nice one.", "I needed to read this today.", "Totally with you on this.",
    "Good to know, thanks.", "This is great.", "Same thing happened to me last week.", "Respectfully, I disagree.",
    "Ha, love it.", "Where can I find out more?", "Well said.", "So happy for you!", "Can relate.",
    "This deserves more attention.", "Thanks, I learned something today.", "Ha! Story of my life.",
    "Bookmarking this.", "Underrated post.", "Keep us posted!",
)

# The second half of a bio ("<job>. <tagline>").
TAGLINES = (
    "Coffee first.", "Dog person.", "Opinions are my own.", "Always learning.", "Runner on weekends.",
    "Amateur baker.", "Reading too many books at once.", "Plant parent.", "Probably outside.",
    "Trying to be a better cook.", "Music, maps and long walks.", "Dad jokes enthusiast.", "Cat person.",
    "Learning to code.", "Collecting vinyl.", "Tea over coffee.", "Travel when I can.", "Weekend hiker.",
    "Board game nerd.", "Still figuring it out.", "Occasional photographer.", "Lifelong learner.",
    "Mostly harmless.", "Here for the memes.", "Bad at gardening, trying anyway.", "Podcast addict.",
    "Part-time painter.", "Chasing sunsets.", "Sci-fi fan.", "Jazz and good coffee.",
)
