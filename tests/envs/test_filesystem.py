"""Behaviour of the FileSystem environment (toolgym/FileSystem-v0)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.envs.language_checks import assert_language_complete
from toolgym.envs import Task, TurnSpec, call, check_env, make_action
from toolgym.envs.filesystem import FileSystem


def run(env: FileSystem, name: str, /, **args: Any) -> Any:
    """Step one call; returns the ToolResult."""
    _, _, _, _, info = env.step(make_action(call(name, **args)))
    return info["tool_results"][0]


def ok(env: FileSystem, name: str, /, **args: Any) -> Any:
    r = run(env, name, **args)
    assert r.error is None, f"{name}({args}) failed: {r.error}"
    return r.content


def fails(env: FileSystem, name: str, expect: str, /, **args: Any) -> str:
    """The call fails with a message containing ``expect`` and leaves the world unchanged."""
    before = env.state_hash()
    r = run(env, name, **args)
    assert r.error is not None, f"{name}({args}) should fail, returned {r.content!r}"
    assert expect in r.error, r.error
    assert env.state_hash() == before
    return r.error


@pytest.fixture
def env() -> FileSystem:
    e = FileSystem()
    e.reset(seed=7)
    return e


def test_conformance_check_passes():
    report = check_env("toolgym/FileSystem-v0", raise_on_failure=False)
    assert report.passed, report.summary()


def test_every_tool_has_complete_language():
    assert_language_complete(FileSystem())
    assert len(FileSystem().all_tooldefs()) >= 20


def test_world_is_realistic_and_seeded():
    a, b, c = FileSystem(), FileSystem(), FileSystem()
    a.reset(seed=3)
    b.reset(seed=3)
    c.reset(seed=4)
    assert a.snapshot() == b.snapshot()
    assert a.snapshot() != c.snapshot()
    files = [r for r in a.nodes.values() if r["type"] == "file"]
    assert len(files) >= 250
    assert all(r["size"] == len(r["content"]) for r in files)


def test_file_contents_read_like_real_files(env):
    # The files are read back to the user (cat, grep...) and end up in training answers:
    # authored to-do items, letters addressed to whom the file is named after, config
    # values in range, statement lines whose merchant fits the category.
    from toolgym.envs.filesystem import texts as T

    home = env.home
    todo = env.nodes[f"{home}/notes/todo.txt"]["content"].splitlines()
    assert todo and all(line[2:] in T.TODO_ITEMS for line in todo)
    letters = {k: r for k, r in env.nodes.items() if k.startswith(f"{home}/documents/letters/")}
    for path, row in letters.items():
        name = path.rsplit("letter-to-", 1)[1].removesuffix(".txt")
        assert row["content"].lower().startswith(f"dear {name},"), path
    purchases = {(m, c) for m, c, _, _ in T.PURCHASES}
    for path, row in env.nodes.items():
        if path.endswith(".csv") and row["content"].startswith("date,category"):
            for line in row["content"].splitlines()[1:]:
                _, category, merchant, _ = line.split(",")
                assert (merchant, category) in purchases, line
        if path.endswith("config.json"):
            for key, value in json.loads(row["content"]).items():
                lo, hi = T.JSON_KEYS[key]
                assert lo <= value <= hi, (path, key, value)


def test_starts_in_home_and_resolves_relative_paths(env):
    home = ok(env, "pwd")
    assert home.startswith("/home/")
    project = ok(env, "ls", path="projects")[0]["name"]
    assert ok(env, "cd", path=f"projects/{project}/src") == f"{home}/projects/{project}/src"
    assert ok(env, "cat", path="../../../notes/todo.txt") == env.nodes[f"{home}/notes/todo.txt"]["content"]
    assert ok(env, "cd", path="~") == home
    assert ok(env, "cd", path="./projects/..") == home


def test_write_then_read_append_and_grep_see_it(env):
    ok(env, "mkdir", path="scratch")
    ok(env, "write", path="scratch/plan.txt", content="alpha\n")
    ok(env, "write", path="scratch/plan.txt", content="beta zebra-42\n", mode="append")
    assert ok(env, "cat", path="scratch/plan.txt") == "alpha\nbeta zebra-42\n"
    assert ok(env, "wc", path="scratch/plan.txt")["lines"] == 2
    hits = ok(env, "grep", pattern="zebra-42", path=".", recursive=True)
    assert [(h["line_number"], h["line"]) for h in hits] == [(2, "beta zebra-42")]
    assert ok(env, "find", name="plan.*")[0].endswith("/scratch/plan.txt")
    assert ok(env, "tail", path="scratch/plan.txt", lines=1) == "beta zebra-42\n"


def test_mv_moves_a_whole_directory_and_cp_needs_recursive(env):
    home = ok(env, "pwd")
    n_before = ok(env, "du", path="logs")["files"]
    ok(env, "mv", source="logs", destination="old-logs")
    assert ok(env, "du", path="old-logs")["files"] == n_before
    fails(env, "ls", "no such file or directory: 'logs'", path="logs")
    fails(env, "cp", "pass recursive=true", source="old-logs", destination="copy")
    ok(env, "cp", source="old-logs", destination="copy", recursive=True)
    assert ok(env, "du", path=f"{home}/copy")["files"] == n_before
    fails(env, "mv", "into itself", source="copy", destination="copy/inner")


def test_domain_errors_are_clear_and_change_nothing(env):
    fails(env, "cat", "no such file or directory: 'nope.txt' (cwd is /home/", path="nope.txt")
    fails(env, "cat", "is a directory", path="projects")
    fails(env, "cd", "not a directory", path="notes/todo.txt")
    fails(env, "mkdir", "file exists", path="notes")
    fails(env, "mkdir", "create it with mkdir (parents=true)", path="a/b/c")
    fails(env, "rm", "is a directory (not empty", path="notes")
    fails(env, "rmdir", "directory not empty", path="notes")
    fails(env, "rm", "system directory", path="/etc", recursive=True)
    fails(env, "grep", "pass recursive=true", pattern="x", path="notes")
    fails(env, "head", "greater than or equal to 1", path="notes/todo.txt", lines=0)


def test_every_world_has_a_few_empty_folders_that_find_empty_lists():
    e = FileSystem()
    for seed in range(6):
        e.reset(seed=seed)
        empty = sorted(k for k, r in e.nodes.items() if r["type"] == "dir" and not e._children(k) and k.startswith(e.home))
        assert 3 <= len(empty) <= 5, empty
        assert sorted(ok(e, "find", name="*", path="~", type="dir", empty=True)) == empty


def test_rmdir_refusals_point_to_the_empty_directories_and_rmdir_removes_one(env):
    where = "find(name='*', type='dir', empty=true)"
    assert where in fails(env, "rmdir", "directory not empty", path="notes")
    assert where in fails(env, "rmdir", "not a directory", path="notes/todo.txt")
    assert where in fails(env, "rmdir", "no such file or directory", path="nope")
    assert where in fails(env, "rmdir", "system directory", path="~")
    empty = ok(env, "find", name="*", type="dir", empty=True)
    assert empty and all(p.startswith(env.home) for p in empty)
    assert ok(env, "rmdir", path=empty[0]) == f"removed directory {empty[0]}"
    assert empty[0] not in ok(env, "find", name="*", type="dir", empty=True)
    # empty files count too, like find -empty
    ok(env, "touch", path="blank.txt")
    assert f"{env.home}/blank.txt" in ok(env, "find", name="*.txt", type="file", empty=True)


def test_rm_recursive_deletes_a_tree(env):
    ok(env, "rm", path="downloads", recursive=True)
    assert not [k for k in env.nodes if "/downloads" in k]


def test_trash_list_restore_chain(env):
    original = ok(env, "cat", path="notes/todo.txt")
    ok(env, "trash", path="notes/todo.txt")
    fails(env, "cat", "no such file", path="notes/todo.txt")
    entries = ok(env, "list_trash")
    entry = next(e for e in entries if e["original_path"].endswith("/notes/todo.txt"))
    ok(env, "write", path="notes/todo.txt", content="new")
    fails(env, "restore", "file exists", trash_id=entry["trash_id"])
    ok(env, "rm", path="notes/todo.txt")
    ok(env, "restore", trash_id=entry["trash_id"])
    assert ok(env, "cat", path="notes/todo.txt") == original
    fails(env, "restore", "list_trash shows the ids", trash_id=entry["trash_id"])


def test_seeded_trash_restores_a_deleted_file(env):
    entry = ok(env, "list_trash")[0]
    ok(env, "restore", trash_id=entry["trash_id"])
    assert ok(env, "stat", path=entry["original_path"])["type"] == "file"


def test_protected_area_needs_sudo_with_the_persona_password(env):
    fails(env, "write", "call sudo with your password first", path="/etc/hosts", content="x")
    fails(env, "exit_sudo", "call sudo first")
    fails(env, "sudo", "incorrect password", password="wrong")
    assert ok(env, "stat", path="/etc/hosts")["read_only"] is True
    ok(env, "sudo", password=env.password)
    ok(env, "write", path="/etc/hosts", content="10.0.0.1 db\n", mode="append")
    assert ok(env, "cat", path="/etc/hosts").endswith("10.0.0.1 db\n")
    ok(env, "exit_sudo")
    fails(env, "rm", "owned by root", path="/etc/hosts")


def test_archive_chain_mount_list_backups_restore(env):
    home = ok(env, "pwd")
    fails(env, "list_backups", "call mount_archive first")
    fails(env, "ls", "not mounted: call mount_archive first", path="/mnt/archive/backups")
    assert ok(env, "ls", path="/mnt/archive") == []
    ok(env, "mount_archive")
    backups = ok(env, "list_backups")
    assert len(backups) == 3
    b = backups[0]
    files = ok(env, "find", name="*", path=b["root"], type="file")
    rel = files[0][len(b["root"]) + 1 :]
    fails(env, "write", "read-only file system", path=files[0], content="x")
    fails(env, "restore_from_backup", "has no file", backup_id=b["backup_id"], path="no/such.txt")
    out = ok(env, "restore_from_backup", backup_id=b["backup_id"], path=rel, destination="restored.txt")
    assert out["path"] == f"{home}/restored.txt"
    assert ok(env, "cat", path="restored.txt") == env.archive[files[0]]["content"]
    ok(env, "cd", path=b["root"])
    fails(env, "unmount_archive", "target is busy")
    ok(env, "cd")
    ok(env, "unmount_archive")
    fails(env, "cat", "not mounted", path=files[0])


def test_sort_diff_and_head(env):
    ok(env, "write", path="n.txt", content="10 ten\n9 nine\n10 ten\n100 hundred\n")
    assert ok(env, "sort", path="n.txt", numeric=True, unique=True) == "9 nine\n10 ten\n100 hundred\n"
    assert ok(env, "sort", path="n.txt", reverse=True).splitlines()[0] == "9 nine"
    ok(env, "write", path="m.txt", content="10 ten\n9 NINE\n10 ten\n100 hundred\n")
    d = ok(env, "diff", path_a="n.txt", path_b="m.txt")
    assert "-9 nine\n" in d and "+9 NINE\n" in d
    assert ok(env, "diff", path_a="n.txt", path_b="n.txt") == ""
    assert ok(env, "head", path="n.txt", lines=2) == "10 ten\n9 nine\n"


def _ground_truth(seed: int) -> str:
    e = FileSystem()
    e.reset(seed=seed)
    ok(e, "mkdir", path="archive-2024")
    ok(e, "mv", source="notes/todo.txt", destination="archive-2024")
    return e.state_hash()


def test_task_mode_rewards_the_right_end_state_only():
    seed = 11
    spec = TurnSpec(
        user="Make a folder archive-2024 in my home and move my todo list into it.",
        expect_state=_ground_truth(seed),
        expect_calls=["mkdir", "mv"],
    )
    task = Task(seed=seed, turns=[spec])

    good = FileSystem()
    good.reset(options={"task": task})
    ok(good, "mkdir", path="archive-2024")
    ok(good, "mv", source="notes/todo.txt", destination="archive-2024/todo.txt")
    _, reward, done, _, _ = good.step(make_action(content="Done: moved it."))
    assert (reward, done) == (1.0, True)

    bad = FileSystem()
    bad.reset(options={"task": task})
    ok(bad, "mkdir", path="archive-2024")
    ok(bad, "cp", source="notes/todo.txt", destination="archive-2024")  # copied, not moved
    _, reward, done, _, _ = bad.step(make_action(content="Done."))
    assert (reward, done) == (0.0, True)
