"""How people ask a shell assistant for file work, and how it reports back (see envs/language.py).

Written for the synthesis pipeline's built-in writers. Paths are said as the user types them
(``notes/todo.txt``, ``~/documents``); trash entries by the path they were deleted from,
backups by the time they were taken. Rules followed throughout:

- An ask never implies a flag or a mode it does not place: "add a line to todo.txt" would imply
  ``mode="append"``, so ``write``'s asks are neutral and the mode is said only through its
  phrases ("after what's already there" / "replacing what's in it").
- An optional path placed in an ask follows a preposition whose removal leaves a sensible
  request ("list the files in {path}" -> "list the files"), or follows a verb, so the ask is used
  only when the path is given ("ls {path}").
- ``find``'s asks say "anything" or "entries", never "files" or "folders": which kind is the
  ``type`` parameter's to say.
"""

from __future__ import annotations

from toolgym.envs.language import Answer, Noun, ToolLanguage

__all__ = ["LANGUAGE", "NOUNS", "SCENES"]

NOUNS = {
    # Paths are user-side values said verbatim; a reference to one ("that path", "the first
    # path from before") must fit files and folders alike.
    "path": Noun("path", named=("{}",)),
    "trash_entry": Noun("deleted item", named=("{}",)),
    "backup": Noun("backup", named=("the {} backup", "the backup taken {}")),
}

# What people actually put in a text file from a chat request: to-do items, reminders, config
# lines, a sentence of a journal or a meeting note. One line each (the writer quotes them).
_CONTENTS = (
    "Buy oat milk and coffee filters",
    "Call the dentist to move Thursday's appointment",
    "Renew the car insurance before the 15th",
    "Pick up the dry cleaning on Saturday",
    "Book a table for Mum's birthday dinner",
    "Send the signed lease back to the landlord",
    "Backup finished without errors, 412 files copied",
    "Meeting moved to 3 pm, room 4B",
    "Ask Priya for the Q3 numbers before the review",
    "Water the tomatoes every other day while it's this hot",
    "export EDITOR=nano",
    "alias gs='git status'",
    "DEBUG=false",
    "max_connections = 50",
    "timeout: 30",
    "Remember: the Wi-Fi password changed to the one on the fridge",
    "Ideas for the blog: home server setup, sourdough starter notes, a review of my new keyboard",
    "Finished chapter 4 today; the ending felt rushed, rewrite the last two pages",
    "Gym: 3x10 squats, 3x8 bench, 20 minutes on the bike",
    "Flight lands at 18:40, Ana picks me up at arrivals",
    "TODO: clean up the old logs before the end of the month",
    "Paid the electricity bill, $84.20",
    "Next standup: demo the new search page",
    "Grocery run: eggs, spinach, rice, lemons, olive oil",
    "The printer on the second floor needs toner again",
    "Draft the thank-you note for the Hendersons",
)

# New folders and files a user asks for: always under a folder every home directory has, so
# the request makes sense whatever the current directory is.
_NEW_DIRS = (
    "~/documents/receipts", "~/documents/travel", "~/documents/tax-2025", "~/notes/meetings",
    "~/notes/recipes", "~/notes/ideas", "~/projects/sandbox", "~/projects/experiments",
    "~/downloads/installers", "~/downloads/unsorted", "~/documents/reports/2025", "~/photos",
    "~/music", "~/documents/letters/sent", "~/backups", "~/notes/journal",
)
_NEW_FILES = (
    "~/notes/ideas.md", "~/notes/shopping-list.txt", "~/documents/reading-list.txt",
    "~/notes/meeting-notes.md", "~/documents/passwords-hint.txt", "~/notes/packing-list.txt",
    "~/projects/CHANGELOG.md", "~/notes/journal.md", "~/documents/contacts.csv",
    "~/notes/books-to-read.txt", "~/downloads/checksums.txt", "~/notes/gift-ideas.txt",
    "~/documents/finance/notes.txt", "/tmp/scratch.txt",
)
_FOLDERS = (
    "~/documents", "~/notes", "~/downloads", "/tmp", "~/documents/reports", "~/documents/letters",
    "~/documents/finance", "~/projects", "~/logs",
)
_NAME_PATTERNS = (
    "*.md", "*.csv", "*.py", "*.log", "*.json", "*.txt", "todo*", "README*", "*report*", "test_*",
    "letter-to-*", "*-2025.csv", "config*", "app-2025-10-*", "*budget*", "requirements.txt", "invoice*",
    "*-final.*", "*-draft.*", "*survey*",
)
_GREP_PATTERNS = (
    "TODO", "ERROR", "WARN", "timeout", "import json", "Dear", "password", "localhost", "health check",
    "cache miss", "def ", "Best regards", "Next steps", "pytest", "failed", "backup", "dentist", "invoice",
    "budget", "Vendor contract",
)

# Situations a user of a shell assistant mentions around any request (ToolEnv.scenes): neutral
# to every tool (no path, file name, or word that selects a flag), first person, said once.
SCENES = (
    "I'm tidying up my laptop before handing it over to IT",
    "my disk keeps filling up",
    "I've just switched to this machine and I'm still finding my way around",
    "my home folder has turned into a mess over the last few months",
    "I promised myself I'd get my computer in order this weekend",
    "the terminal still makes me a bit nervous",
    "things got messy after my last big project wrapped up",
    "I lost an afternoon's work last month, so I'm being more careful now",
    "I've been meaning to sort out this computer for ages",
    "my son borrowed the laptop over the weekend and moved things around",
    "dragging things around with my mouse is getting tedious",
    "my laptop has been sluggish lately",
    "a colleague showed me how handy the command line is, so I'm giving it a go",
    "I work across two computers and things tend to get out of sync",
    "thesis season has left my stuff everywhere",
    "honestly, I'm not sure where half my things ended up after the last update",
    "there's a deadline looming, so I'm short on time",
    "between meetings, I've got a few minutes to deal with my folders",
    "we're moving to new laptops at work soon",
    "my machine is a mess after a long weekend of coding",
    "I'm finally getting around to some digital housekeeping",
    "I've been putting this off all week",
    "I'm learning the shell and practising on my own stuff",
    "IT is auditing our laptops soon and mine is a bit of a jungle",
    "the external drive with my archives is on the desk next to me",
    "it's late and I want to wrap things up tonight",
    "last time I tidied up by hand, I deleted the wrong thing",
    "I inherited this laptop from a colleague who left",
    "I keep a little log of everything I change on this machine",
    "clicking through folders on my small screen is a pain",
    "a friend convinced me to get better at organising my work",
    "my partner needs the computer soon, so I'm trying to finish up",
    "ever since the update, nothing seems to be where I expect it",
    "this is the machine I use for my freelance work",
    "at some point soon I want to reinstall the system",
    "as part of an internal audit, I am reviewing the contents of my workstation",
    "ugh, my computer is a mess",
    "my old laptop died and I'm rebuilding my setup on this one",
    "before the quarter ends I always go through my stuff",
    "since I only use this computer now and then, I forget where things live",
)

LANGUAGE = {
    # --- navigation ---------------------------------------------------------------------------
    "pwd": ToolLanguage(
        task=("check which directory I'm in", "print the current working directory"),
        asks=(
            "where am I in the file system?",
            "which folder am I in right now?",
            "print the working directory",
            "show me the current directory",
            "what's my current directory?",
            "tell me which directory the shell is in",
            "remind me where we are",
        ),
        answer=Answer(
            says=("You're in {result}.", "The current directory is {result}.", "We're in {result} right now."),
        ),
        why=("I lost track of where I am", "I've been jumping between folders", "I want to be sure I'm in the right place"),
    ),
    "cd": ToolLanguage(
        task=("change the working directory", "move into the right folder"),
        asks=(
            "cd {path}",
            "make {path} the current directory",
            "switch the shell to the folder {path}",
            "I want {path} as my working directory",
            "open {path} as the working folder",
            "change directory: {path}",
            "go back to my home folder",
            "cd home",
        ),
        # No modifier phrases for path on purpose: the asks without {path} mean "go home", so a
        # path given must come from an ask that places it.
        context=("we need to be in {path}", "I'm working in {path}"),
        answer=Answer(says=("You're now in {result}.", "Changed into {result}.", "The working directory is now {result}.")),
        why=(
            "I'll be working in there for a while",
            "I have a few things to do in there",
            "I'm about to run some commands there",
        ),
    ),
    "ls": ToolLanguage(
        task=("list what's in the folder", "look at the folder's entries"),
        asks=(
            "list the files in {path}",
            "ls {path}",
            "show me the contents of {path}",
            "which files are there in {path}?",
            "what files do I have?",
            "give me a listing of {path}",
            "I need to see what {path} contains",
            "run ls on {path}",
        ),
        context=("the folder is {path}", "it's somewhere in {path}"),
        params={
            "path": ("in {}", "inside {}"),
            "all": {
                True: ("including hidden files", "with the dotfiles too", "hidden entries included"),
                False: ("without the hidden files", "leaving out dotfiles"),
            },
            "long": {
                True: ("with sizes and modification dates", "in long format", "showing each entry's size and date"),
                False: ("just the names", "names only"),
            },
        },
        answer=Answer(
            each="{name}",
            says=("There are {count} entries: {items}.", "I see {count} items: {items}.", "Here's the listing: {items}."),
            empty=("That folder is empty.", "There's nothing in there.", "The listing came back empty."),
        ),
        why=(
            "I'm tidying up",
            "I forgot what I saved there",
            "I'm looking for something I saved recently",
            "I want to see what's there before I move things around",
        ),
    ),
    "tree": ToolLanguage(
        task=("draw the folder tree", "show the directory structure"),
        asks=(
            "show me the folder tree under {path}",
            "draw the directory structure of {path}",
            "tree {path}",
            "give me a tree view of {path}",
            "how is {path} laid out?",
            "I'd like a tree view of the folders",
            "map out the subfolders of {path}",
        ),
        context=("the folder is {path}", "it's under {path}"),
        params={
            "path": ("of {}", "under {}"),
            "depth": ("{} levels deep", "down to {} levels", "no deeper than {} levels"),
            "all": {
                True: ("including hidden files", "with the dotfiles too", "hidden entries included"),
                False: ("without the hidden files", "leaving out dotfiles"),
            },
        },
        answer=Answer(
            says=("Here's the tree:\n\n{result}", "This is how it's laid out:\n\n{result}", "The structure looks like this:\n\n{result}"),
        ),
        why=(
            "I want to see how everything is laid out",
            "I'm trying to get a picture of the structure",
            "I'm planning to reorganise things",
        ),
    ),
    # --- creating and changing ----------------------------------------------------------------
    "mkdir": ToolLanguage(
        task=("create the folder {path}", "make the directory {path}"),
        asks=(
            "create a folder called {path}",
            "make a new directory {path}",
            "mkdir {path}",
            "set up a folder at {path}",
            "I need a new folder: {path}",
            "add a directory named {path}",
            "create the directory {path}",
        ),
        params={
            "parents": {
                True: ("and any missing folders above it", "creating parent folders as needed", "with its parent folders if they don't exist"),
                False: ("only if its parent folder already exists", "without creating parent folders"),
            },
        },
        values={"path": _NEW_DIRS},
        answer=Answer(says=("The folder {path} is ready.", "{path} is there now.", "Created {path}.")),
        why=("I want to keep things organised", "I'm sorting my stuff", "I'm starting something and want a place for it"),
    ),
    "touch": ToolLanguage(
        task=("touch {path}", "create the empty file {path}"),
        asks=(
            "touch {path}",
            "create an empty file at {path}",
            "make a blank file called {path}",
            "I need an empty {path}",
            "update the timestamp on {path}",
            "put an empty placeholder file at {path}",
        ),
        values={"path": _NEW_FILES},
        answer=Answer(says=("{path} is in place with a fresh timestamp.", "Touched {path}.", "{path} exists now, stamped with the current time.")),
        why=("a script of mine checks for it", "I'm testing something", "I'm setting up a small experiment"),
    ),
    "write": ToolLanguage(
        task=("write {content} to {path}", "save the text to {path}"),
        asks=(
            "write {content} to {path}",
            "save {content} in {path}",
            "put {content} into {path}",
            "type {content} into {path}",
            "record {content} in {path}",
            "store the text {content} in {path}",
            "I want to save this to {path}: {content}",
            "{path} needs this text: {content}",
        ),
        context=("the file is {path}", "it goes in {path}"),
        params={
            "mode": {
                "append": ("after what's already there", "at the end of the file, keeping what's in it", "appending it to the end"),
                "overwrite": ("replacing what's in it", "overwriting the whole file", "instead of its current contents"),
            },
        },
        values={"content": _CONTENTS},
        answer=Answer(
            fields=("size",),
            says=("Saved to {path}; it's {size} bytes now.", "{path} is written ({size} bytes).", "Done writing {path}, which now holds {size} bytes."),
        ),
        why=("I don't want to forget it", "I want a note of it somewhere", "I'll need it later"),
    ),
    "mv": ToolLanguage(
        task=("move {source} to {destination}", "move {source} over to {destination}"),
        asks=(
            "move {source} to {destination}",
            "mv {source} {destination}",
            "file {source} away in {destination}",
            "relocate {source} into {destination}",
            "put {source} in {destination} instead",
            "I want {source} moved over to {destination}",
            "shift {source} to {destination}",
        ),
        values={"destination": _FOLDERS},
        answer=Answer(says=("Moved {source} to {destination}.", "{source} now lives in {destination}.", "I've moved {source} over to {destination}.")),
        why=("I'm reorganising", "the current layout makes no sense", "I'm cleaning up my folders"),
    ),
    "cp": ToolLanguage(
        task=("copy {source} to {destination}", "make a copy of {source}"),
        asks=(
            "copy {source} to {destination}",
            "cp {source} {destination}",
            "make a copy of {source} in {destination}",
            "duplicate {source} into {destination}",
            "put a copy of {source} in {destination}",
            "I'd like {source} copied over to {destination}",
            "back up {source} to {destination}",
        ),
        params={
            "recursive": {
                True: ("with everything inside it", "including all its contents", "recursively"),
                False: ("just that one file", "without its contents"),
            },
        },
        values={"destination": _FOLDERS},
        answer=Answer(says=("Copied {source} to {destination}.", "There's now a copy of {source} in {destination}.", "{source} is copied over to {destination}.")),
        why=("I want a spare just in case", "I'd like to keep the original as it is", "I need it in both places"),
    ),
    "rm": ToolLanguage(
        task=("delete {path} permanently", "remove {path} for good"),
        asks=(
            "delete {path} permanently",
            "rm {path}",
            "remove {path} for good",
            "get rid of {path}, no trash",
            "erase {path} completely",
            "I don't need {path} anymore, delete it",
            "wipe out {path}",
        ),
        params={
            "recursive": {
                True: ("and everything inside it", "with all its contents", "recursively"),
                False: ("only if it's a single file", "but only a plain file"),
            },
        },
        answer=Answer(says=("Deleted {path} for good.", "{path} is permanently gone.", "I've removed {path}; it can't be restored.")),
        why=("it's taking up space", "it's out of date", "it's a leftover from an old project"),
    ),
    "rmdir": ToolLanguage(
        task=("remove the empty folder {path}",),
        asks=(
            "remove the empty folder {path}",
            "rmdir {path}",
            "delete the empty directory {path}",
            "{path} is empty, get rid of it",
            "clean up the empty folder {path}",
            "I don't need the empty directory {path} anymore",
        ),
        answer=Answer(says=("Removed the empty folder {path}.", "{path} is gone.", "The empty directory {path} is deleted.")),
        why=("it's been sitting there unused for ages", "the project it was for is finished", "it's just clutter"),
    ),
    # --- trash --------------------------------------------------------------------------------
    "trash": ToolLanguage(
        task=("move {path} to the trash",),
        asks=(
            "move {path} to the trash",
            "trash {path}",
            "throw {path} away but keep it restorable",
            "send {path} to the trash",
            "put {path} in the bin",
            "bin {path} for now",
            "I'd like {path} in the trash, not deleted outright",
        ),
        answer=Answer(
            says=(
                "{original_path} is in the trash ({items} items); you can restore it from there.",
                "Moved {original_path} to the trash, {items} items in all.",
                "Trashed {original_path} ({items} items); it can still come back.",
            ),
        ),
        why=("I might want it back later", "I'm clearing out old stuff", "I don't need it right now"),
    ),
    "list_trash": ToolLanguage(
        task=("look at what's in the trash", "list the trash"),
        asks=(
            "show me what's in the trash",
            "list the trash",
            "what did I delete recently?",
            "what's sitting in the trash bin?",
            "is there anything in the trash?",
            "I need to see the deleted items",
            "check the trash for me",
        ),
        answer=Answer(
            each="{original_path} (deleted {deleted})",
            says=("The trash holds {count} items: {items}.", "In the trash: {items}.", "There are {count} deleted items: {items}."),
            empty=("The trash is empty.", "Nothing in the trash right now."),
        ),
        why=(
            "I think I deleted something by mistake",
            "I want to check it before I clear it out",
            "I'm looking for something I threw away",
        ),
    ),
    "restore": ToolLanguage(
        task=("restore {trash_id} from the trash", "bring back {trash_id}"),
        asks=(
            "restore {trash_id} from the trash",
            "undelete {trash_id}",
            "bring back {trash_id}",
            "get {trash_id} out of the trash",
            "{trash_id} went to the trash by mistake, put it back",
            "recover {trash_id} from the bin",
        ),
        answer=Answer(says=("{trash_id} is back where it was.", "I've restored {trash_id} from the trash.", "{trash_id} has been restored to its original place.")),
        why=("someone asked me for it", "it turns out I still need it", "I threw it away too soon"),
    ),
    "empty_trash": ToolLanguage(
        task=("empty the trash",),
        asks=(
            "empty the trash",
            "permanently delete everything in the trash",
            "clear out the trash bin",
            "take out the trash for good",
            "purge the trash",
            "I want the trash emptied",
        ),
        answer=Answer(
            fields=("removed",),
            says=("Emptied the trash: {removed} items deleted for good.", "The trash is empty now; {removed} items are gone permanently.", "Purged {removed} items from the trash."),
        ),
        why=("I'm short on space", "nothing in there is worth keeping", "it's been piling up for months"),
    ),
    # --- reading ------------------------------------------------------------------------------
    "cat": ToolLanguage(
        task=("read {path}", "show the contents of {path}"),
        asks=(
            "show me what's in {path}",
            "cat {path}",
            "open {path}",
            "read {path} to me",
            "what does {path} say?",
            "print the contents of {path}",
            "I need to see the text of {path}",
            "pull up {path}",
        ),
        context=("the file is {path}", "it's in {path}", "it's saved as {path}"),
        answer=Answer(
            says=("Here's {path}:\n\n{result}", "{path} reads:\n\n{result}", "This is what's in {path}:\n\n{result}"),
            empty=("{path} is empty.", "There's nothing in {path}."),
        ),
        why=("I can't remember what I wrote in it", "I need to check something in it", "I want to read it before I pass it on"),
    ),
    "head": ToolLanguage(
        task=("read the start of {path}", "show the first lines of {path}"),
        asks=(
            "show the first lines of {path}",
            "head {path}",
            "what does {path} start with?",
            "let me see the top of {path}",
            "give me the beginning of {path}",
            "peek at the start of {path}",
        ),
        context=("the file is {path}", "it's in {path}"),
        params={"lines": ("just the first {} lines", "only the first {} lines")},
        answer=Answer(
            says=("The start of {path}:\n\n{result}", "Here's the top of {path}:\n\n{result}", "{path} begins like this:\n\n{result}"),
            empty=("{path} is empty.", "There's nothing in {path}."),
        ),
        why=("I only need a quick look", "I want to see how it starts", "I'm checking it's the right one"),
    ),
    "tail": ToolLanguage(
        task=("read the end of {path}", "show the last lines of {path}"),
        asks=(
            "show the last lines of {path}",
            "tail {path}",
            "what's at the end of {path}?",
            "let me see the bottom of {path}",
            "what was written last in {path}?",
            "give me the tail end of {path}",
        ),
        context=("the file is {path}", "it's in {path}"),
        params={"lines": ("just the last {} lines", "only the last {} lines")},
        answer=Answer(
            says=("The end of {path}:\n\n{result}", "Here's the bottom of {path}:\n\n{result}", "{path} ends like this:\n\n{result}"),
            empty=("{path} is empty.", "There's nothing in {path}."),
        ),
        why=("I want to see the latest entries", "I only care about the end", "I'm checking how it ends"),
    ),
    "wc": ToolLanguage(
        task=("count the lines and words in {path}",),
        asks=(
            "count the lines and words in {path}",
            "how many lines does {path} have?",
            "wc {path}",
            "how long is {path}?",
            "give me a word count for {path}",
            "I need the line, word and byte counts of {path}",
        ),
        context=("the file is {path}", "it's in {path}"),
        answer=Answer(
            fields=("lines", "words", "bytes"),
            says=(
                "{path} has {lines} lines, {words} words and {bytes} bytes.",
                "That's {lines} lines and {words} words ({bytes} bytes).",
                "Counts for {path}: {lines} lines, {words} words, {bytes} bytes.",
            ),
        ),
        kinds={"lines": "count", "words": "count", "bytes": "count"},
        why=("I'm curious how long it's got", "I have a word limit to stay under", "I want to know how big it is"),
    ),
    "sort": ToolLanguage(
        task=("sort the lines of {path}", "show {path} with its lines sorted"),
        asks=(
            "sort the lines of {path}",
            "show me {path} sorted",
            "sort {path}",
            "put the lines of {path} in order",
            "list what's in {path} in sorted order",
            "I'd like {path} sorted line by line",
        ),
        context=("the file is {path}", "the list is in {path}"),
        params={
            "reverse": {True: ("in reverse order", "largest first", "from Z to A"), False: ("in ascending order", "smallest first")},
            "numeric": {
                True: ("by number", "numerically", "by the number at the start of each line"),
                False: ("alphabetically", "as plain text"),
            },
            "unique": {True: ("without duplicates", "dropping repeated lines", "with each line only once"), False: ("keeping duplicates", "repeats included")},
        },
        answer=Answer(
            says=("Here are the lines of {path}, sorted:\n\n{result}", "Sorted:\n\n{result}", "{path} in order:\n\n{result}"),
            empty=("{path} has no lines to sort.", "There's nothing in {path} to sort."),
        ),
        why=("it's hard to read as it is", "I want to see it in order", "I'm trying to spot something in it"),
    ),
    "diff": ToolLanguage(
        task=("compare {path_a} with {path_b}", "diff {path_a} against {path_b}"),
        asks=(
            "compare {path_a} with {path_b}",
            "diff {path_a} {path_b}",
            "what changed between {path_a} and {path_b}?",
            "show me how {path_b} differs from {path_a}",
            "are {path_a} and {path_b} the same?",
            "I want a diff of {path_a} against {path_b}",
            "check {path_a} and {path_b} for differences",
        ),
        context=("the old version is {path_a} and the new one is {path_b}", "the two files are {path_a} and {path_b}"),
        answer=Answer(
            says=("Here's what differs between {path_a} and {path_b}:\n\n{result}", "The diff of {path_a} against {path_b}:\n\n{result}", "Differences:\n\n{result}"),
            # SPEC: a scalar result can be empty too ("" when the files are identical); `empty`
            # is documented for lists only. These say it; the engine should use them for "".
            empty=("{path_a} and {path_b} are identical.", "No differences: the two files match."),
        ),
        why=("I'm not sure which one is newer", "I think I edited the wrong copy", "I want to know what changed"),
    ),
    "du": ToolLanguage(
        task=("measure the disk usage", "check how much disk space is used"),
        asks=(
            "how much space does {path} use?",
            "check the disk usage of {path}",
            "du {path}",
            "how big is {path} in total?",
            "what's the total size of {path}?",
            "how much disk space is used?",
            "I want to know how much room {path} takes up",
        ),
        context=("it's {path}", "the folder is {path}"),
        params={"path": ("of {}", "for {}")},
        answer=Answer(
            fields=("bytes", "files"),
            says=(
                "{path} takes up {bytes} bytes in {files} files.",
                "That's {bytes} bytes across {files} files and {dirs} folders.",
                "All told, that's {bytes} bytes in {files} files.",
            ),
        ),
        kinds={"bytes": "count", "files": "count", "dirs": "count"},
        why=("I'm running low on space", "I want to know what's eating my disk", "I'm deciding what to archive"),
    ),
    "stat": ToolLanguage(
        task=("look up the details of {path}", "check when {path} was last modified"),
        asks=(
            "show details about {path}",
            "stat {path}",
            "when was {path} last modified?",
            "how big is {path} and when did it last change?",
            "give me the metadata of {path}",
            "is {path} read-only?",
            "check the file info for {path}",
        ),
        context=("it's {path}", "the file is {path}"),
        answer=Answer(
            fields=("size", "modified"),
            when={"read_only": {
                True: (
                    "{path} ({type}) is {size} bytes, last modified {modified}; it's read-only for you.",
                    "{path} was last changed {modified} and is {size} bytes. You can't write to it without sudo or a copy.",
                ),
                False: (
                    "{path} ({type}) is {size} bytes, last modified {modified}, and you can write to it.",
                    "{path} was last changed {modified}; it's {size} bytes and writable.",
                ),
            }},
        ),
        kinds={"size": "count"},
        why=(
            "I want to know when it was last changed",
            "I'm not sure it's the latest version",
            "I'm checking whether I can edit it",
        ),
    ),
    # --- searching ----------------------------------------------------------------------------
    "find": ToolLanguage(
        task=("find everything named {name}", "search for {name}"),
        asks=(
            "find anything named {name} under {path}",
            "search for {name}",
            "where can I find {name}?",
            "locate everything matching {name} in {path}",
            "look for entries called {name}",
            "find {name} somewhere under {path}",
            "I'm trying to track down {name}",
            "which paths match {name}?",
        ),
        context=("it's named {name}", "the name looks like {name}", "it matches {name}"),
        params={
            "path": ("under {}", "inside {}"),
            "type": {
                "file": ("only files", "files only, no folders"),
                "dir": ("only folders", "directories only"),
                "any": ("files and folders alike", "whether it's a file or a folder"),
            },
            "empty": {True: ("that are empty", "only the empty ones"), False: ("empty or not", "whether or not they're empty")},
            "max_results": ("at most {} results", "no more than {} of them", "just the first {}"),
        },
        values={"name": _NAME_PATTERNS},
        answer=Answer(
            each="{result}",
            says=("I found {count} matches: {items}.", "Matches for {name}: {items}.", "Here's what matches: {items}."),
            empty=("Nothing matches {name}.", "I couldn't find anything named {name}."),
        ),
        why=("I can't remember where I put it", "I've looked everywhere", "I know it's somewhere on here"),
    ),
    "grep": ToolLanguage(
        task=("search {path} for {pattern}", "find the lines mentioning {pattern}"),
        asks=(
            "search {path} for {pattern}",
            "grep {pattern} in {path}",
            "find the lines containing {pattern} in {path}",
            "which lines of {path} mention {pattern}?",
            "where does {pattern} come up in {path}?",
            "look through {path} for {pattern}",
            "I need every line in {path} that has {pattern}",
        ),
        context=("it mentions {pattern} somewhere in {path}", "the text {pattern} is in {path}"),
        params={
            "recursive": {
                True: ("in every file under it", "through all its subfolders", "recursively"),
                False: ("in that file only", "without going into subfolders"),
            },
            "ignore_case": {
                True: ("ignoring case", "whatever the capitalisation", "case-insensitively"),
                False: ("matching case exactly", "case-sensitively"),
            },
            "max_results": ("at most {} hits", "no more than {} lines", "just the first {} matches"),
        },
        values={"pattern": _GREP_PATTERNS},
        answer=Answer(
            each="{path} line {line_number}: {line}",
            says=("{count} lines mention {pattern}: {items}.", "I found {pattern} in {count} places: {items}.", "Matches: {items}."),
            empty=("No line in {path} contains {pattern}.", "{pattern} doesn't appear in {path}."),
        ),
        why=("I remember writing it down somewhere", "I need to find where I mentioned it", "I'm looking for a line I wrote"),
    ),
    # --- privileges and the archive -----------------------------------------------------------
    "sudo": ToolLanguage(
        task=("get root privileges with the user's password", "authenticate with sudo"),
        asks=(
            "use sudo, my password is {password}",
            "get admin rights with the password {password}",
            "authenticate as root using {password}",
            "sudo with {password}",
            "elevate privileges; the password is {password}",
            "I need root access, here's my password: {password}",
        ),
        context=(
            "my password is {password}",
            "if it asks for a password, it's {password}",
            "my sudo password is {password}",
            "use {password} when you need admin rights",
        ),
        answer=Answer(says=("You have root privileges now.", "Sudo accepted; I can change /etc and /var now.", "Authenticated as root.")),
        why=(
            "I need to change a system setting",
            "the next step needs admin rights",
            "I have to edit something outside my home folder",
        ),
    ),
    "exit_sudo": ToolLanguage(
        task=("drop root privileges",),
        asks=(
            "drop root privileges",
            "exit sudo",
            "leave the admin session",
            "stop being root",
            "I'm done with admin rights, give them up",
            "go back to my normal user",
        ),
        answer=Answer(says=("Root privileges dropped.", "You're back to your normal user.", "Left the sudo session.")),
        why=("I only needed it for one change", "I don't want to break anything by accident", "I'd rather not stay as root"),
    ),
    "mount_archive": ToolLanguage(
        task=("mount the archive volume",),
        asks=(
            "mount the archive volume",
            "attach the backup drive",
            "make the archive available",
            "mount /mnt/archive",
            "I need the backup volume mounted",
            "hook up the archive disk",
        ),
        answer=Answer(says=("The archive is mounted at /mnt/archive (read-only).", "Mounted the backup volume; it's read-only.", "/mnt/archive is available now.")),
        why=(
            "I need an older copy of something",
            "I'm looking for an older version of my work",
            "I want to see what the backups hold",
        ),
    ),
    "unmount_archive": ToolLanguage(
        task=("unmount the archive volume",),
        asks=(
            "unmount the archive volume",
            "detach the backup drive",
            "eject the archive",
            "umount /mnt/archive",
            "I'm done with the backups, unmount them",
            "safely remove the archive disk",
        ),
        answer=Answer(says=("The archive is unmounted.", "Detached the backup volume.", "/mnt/archive is unmounted now.")),
        why=("I'm packing up for the day", "I want to unplug the drive", "I got what I needed from it"),
    ),
    "list_backups": ToolLanguage(
        task=("list the backups on the archive", "check which backups there are"),
        asks=(
            "list the available backups",
            "show me the backups on the archive",
            "which backups do I have?",
            "when were my backups taken?",
            "what's on the backup drive?",
            "I'd like to see every backup",
        ),
        answer=Answer(
            each="{taken} ({files} files)",
            says=("There are {count} backups: {items}.", "Backups on the archive: {items}.", "You have {count} backups, taken {items}."),
            empty=("There are no backups on the archive.", "The archive holds no backups."),
        ),
        why=("I need an older version of something", "I'm not sure how far back they go", "I want to see which ones I have"),
    ),
    "restore_from_backup": ToolLanguage(
        task=("restore {path} from {backup_id}", "get back {path} as it was in {backup_id}"),
        asks=(
            "restore {path} from {backup_id}",
            "get back the version of {path} saved in {backup_id}",
            "recover {path} as it was in {backup_id}",
            "bring {path} back from {backup_id}",
            "I need {path} the way it was in {backup_id}",
            "pull {path} out of {backup_id}",
        ),
        params={"destination": ("into {}", "and put it in {}", "as a copy in {}")},
        values={"destination": ("/tmp", "~/documents", "~/notes", "~/downloads")},
        answer=Answer(
            fields=("path",),
            says=("Restored {path} from {backup_id} ({size} bytes).", "{path} is back as it was in {backup_id}.", "I've copied {path} out of {backup_id}; it's {size} bytes."),
        ),
        why=("I messed up the current version", "I need the old wording", "the current copy got corrupted"),
    ),
}
