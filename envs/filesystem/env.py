"""The FileSystem environment: a Unix-like home directory, all in memory."""

from __future__ import annotations

import difflib
import fnmatch
import zlib
from typing import Annotated, Any, Literal, NotRequired

from pydantic import Field
from typing_extensions import TypedDict

from toolgym.canonical import stable_hash
from toolgym.envs.core import ToolEnv
from toolgym.envs.tooling import Entity, ToolError, tool
from toolgym.envs.world import WorldScope, state
from toolgym.errors import suggest

from .data import ARCHIVE, DIR_SIZE, NOW, PROTECTED, build_world
from .language import LANGUAGE, NOUNS, SCENES
from .paths import basename, is_under, parent, resolve

__all__ = ["FileSystem"]

Path = Annotated[str, Entity("path", internal=False)]
TrashId = Annotated[str, Entity("trash_entry", label="original_path")]
BackupId = Annotated[str, Entity("backup", label="taken")]
Count = Annotated[int, Field(ge=1, le=1000)]

_SYSTEM_DIRS = frozenset({"/", "/home", "/etc", "/var", "/var/log", "/tmp", "/mnt", ARCHIVE})
_MAX_TEXT = 1_000_000  # a file bigger than this is refused: the simulated disk is small


class LsEntry(TypedDict):
    name: str
    type: Literal["file", "dir"]
    size: NotRequired[int]
    modified: NotRequired[str]


class WriteResult(TypedDict):
    path: Path
    size: int


class TrashResult(TypedDict):
    original_path: Path
    items: int


class TrashEntry(TypedDict):
    trash_id: TrashId
    original_path: Path
    type: Literal["file", "dir"]
    deleted: str
    items: int


class GrepHit(TypedDict):
    path: Path
    line_number: int
    line: str


class WcResult(TypedDict):
    path: Path
    lines: int
    words: int
    bytes: int


class DuResult(TypedDict):
    path: Path
    bytes: int
    files: int
    dirs: int


class StatResult(TypedDict):
    path: Path
    type: Literal["file", "dir"]
    size: int
    modified: str
    inode: int
    read_only: bool
    entries: NotRequired[int]


class Backup(TypedDict):
    backup_id: BackupId
    taken: str
    root: Path
    files: int


class EmptyTrashResult(TypedDict):
    removed: int


def _new_inode(path: str) -> int:
    # Derived from the path, not from a counter: two call orders reaching the same tree must
    # reach the same state (and the same state hash).
    return (1 << 21) + zlib.crc32(path.encode()) % 1_000_000


class FileSystem(ToolEnv):
    """You are a shell assistant working in the user's computer through file system tools.

    Paths may be absolute (/home/...) or relative to the current directory (see pwd; cd changes
    it); ``~`` is the user's home directory, ``.`` and ``..`` work as usual.
    Rules:
    - /etc and /var belong to root: writing there needs sudo (with the user's password) first.
    - Backups live on an archive volume at /mnt/archive. It must be mounted (mount_archive)
      before it can be read; it is always read-only: copy files out of it, or use
      restore_from_backup.
    - rm deletes permanently (a directory needs recursive=true); trash moves things to the trash,
      from where list_trash and restore bring them back. Prefer trash when the user may want the
      file again.
    - Never remove or move system directories (/, /home, /etc, /var, /tmp, /mnt).
    """

    version = 0
    language = LANGUAGE
    nouns = NOUNS
    scenes = SCENES
    cwd = state("/")

    def build(self, world: WorldScope) -> None:
        made = build_world(world)
        self.home: str = made["home"]
        self.nodes = made["nodes"]
        self.archive = made["archive"]
        self.backups = made["backups"]
        self.trash_bin = made["trash"]
        self.password: str = world.persona["password"]
        self.username: str = world.persona["username"]
        self.cwd = self.home

    # --- helpers ---------------------------------------------------------------------------

    def _abs(self, path: str) -> str:
        return resolve(path, self.cwd, self.home)

    def _mounted(self) -> bool:
        return "archive_mounted" in self.flags()

    def _get(self, p: str) -> dict[str, Any] | None:
        if p.startswith(ARCHIVE + "/"):
            return self.archive.get(p) if self._mounted() else None
        return self.nodes.get(p)

    def _missing(self, path: str, p: str) -> ToolError:
        msg = f"no such file or directory: {path!r} (cwd is {self.cwd})"
        if p.startswith(ARCHIVE + "/") and not self._mounted():
            return ToolError(f"{msg}; {ARCHIVE} is not mounted: call mount_archive first")
        par = parent(p)
        if self._get(par) is not None:
            names = [basename(k) for k, _ in self._children(par)]
            msg += suggest(basename(p), names)
        else:
            msg += f"; the directory {par} does not exist either"
        return ToolError(msg)

    def _need(self, path: str, kind: str | None = None) -> tuple[str, dict[str, Any]]:
        p = self._abs(path)
        row = self._get(p)
        if row is None:
            raise self._missing(path, p)
        if kind == "file" and row["type"] == "dir":
            raise ToolError(f"is a directory: {path!r} ({p}); pass a file")
        if kind == "dir" and row["type"] != "dir":
            raise ToolError(f"not a directory: {path!r} ({p}) is a file")
        return p, row

    def _tables(self) -> list[Any]:
        return [self.nodes, self.archive] if self._mounted() else [self.nodes]

    def _children(self, p: str) -> list[tuple[str, dict[str, Any]]]:
        prefix = "/" if p == "/" else p + "/"
        n = len(prefix)
        out = []
        for table in self._tables():
            for k, row in table.items():
                if k.startswith(prefix) and k != "/" and "/" not in k[n:]:
                    out.append((k, row))
        out.sort()
        return out

    def _descendants(self, p: str) -> list[tuple[str, dict[str, Any]]]:
        """Everything strictly under ``p``, sorted by path."""
        prefix = "/" if p == "/" else p + "/"
        out = [(k, row) for table in self._tables() for k, row in table.items() if k.startswith(prefix) and k != p]
        out.sort()
        return out

    def _read_only(self, p: str) -> bool:
        if is_under(p, ARCHIVE):
            return True
        return any(is_under(p, r) for r in PROTECTED) and "sudo" not in self.flags()

    def _check_writable(self, p: str, what: str = "write") -> None:
        if is_under(p, ARCHIVE):
            raise ToolError(f"read-only file system: {ARCHIVE} is mounted read-only; copy files out of it (cp) or use restore_from_backup")
        if any(is_under(p, r) for r in PROTECTED) and "sudo" not in self.flags():
            raise ToolError(f"permission denied: cannot {what} {p!r}, it is owned by root; call sudo with your password first")

    def _check_removable(self, p: str, what: str) -> None:
        if p in _SYSTEM_DIRS or p == self.home:
            raise ToolError(f"refusing to {what} {p!r}: it is a system directory")
        if is_under(self.cwd, p):
            raise ToolError(f"cannot {what} {p!r}: it contains the current directory {self.cwd}; cd elsewhere first")
        self._check_writable(p, what)

    def _need_parent_dir(self, p: str, path: str) -> None:
        par = parent(p)
        row = self._get(par)
        if row is None:
            raise ToolError(f"no such file or directory: parent directory {par!r} of {path!r} does not exist; create it with mkdir (parents=true)")
        if row["type"] != "dir":
            raise ToolError(f"not a directory: {par!r} (in {path!r}) is a file")

    def _put_file(self, p: str, content: str, old: dict[str, Any] | None) -> dict[str, Any]:
        if len(content) > _MAX_TEXT:
            raise ToolError(f"no space left on device: {len(content)} bytes is more than the {_MAX_TEXT} allowed per file")
        inode = old["inode"] if old is not None else _new_inode(p)
        row = {"type": "file", "content": content, "size": len(content), "modified": NOW, "inode": inode}
        self.nodes[p] = row
        return row

    def _mkdir_p(self, p: str) -> None:
        missing = []
        cur = p
        while self._get(cur) is None:
            missing.append(cur)
            cur = parent(cur)
        if (self._get(cur) or {}).get("type") != "dir":
            raise ToolError(f"not a directory: {cur!r} is a file")
        for d in reversed(missing):
            self._check_writable(d, "create")
            self.nodes[d] = {"type": "dir", "size": DIR_SIZE, "modified": NOW, "inode": _new_inode(d)}

    def _subtree(self, p: str, row: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return [(p, row)] + (self._descendants(p) if row["type"] == "dir" else [])

    # --- navigation -------------------------------------------------------------------------

    @tool
    def pwd(self) -> str:
        """Print the current working directory."""
        return self.cwd

    @tool(writes=True)
    def cd(self, path: Path = "~") -> str:
        """Change the current working directory; returns the new one.

        Args:
            path: the directory to enter (absolute, relative, ``..`` or ``~``).
        """
        p, _ = self._need(path, "dir")
        self.cwd = p
        return p

    @tool
    def ls(self, path: Path = ".", all: bool = False, long: bool = False) -> list[LsEntry]:
        """List a directory's entries (or a single file), sorted by name.

        Args:
            path: the directory (or file) to list; default the current directory.
            all: also list hidden entries (names starting with a dot).
            long: include size in bytes and modification time of every entry.
        """
        p, row = self._need(path)
        items = [(p, row)] if row["type"] == "file" else self._children(p)
        out: list[LsEntry] = []
        for k, r in items:
            name = basename(k)
            if not all and name.startswith(".") and r is not row:
                continue
            e: LsEntry = {"name": name, "type": r["type"]}
            if long:
                e["size"] = r["size"]
                e["modified"] = r["modified"]
            out.append(e)
        return out

    @tool
    def tree(self, path: Path = ".", depth: Annotated[int, Field(ge=1, le=10)] = 2, all: bool = False) -> str:
        """Show a directory as an indented tree.

        Args:
            path: the directory to draw; default the current directory.
            depth: how many levels to descend (1-10).
            all: include hidden entries.
        """
        p, _ = self._need(path, "dir")
        base_depth = 0 if p == "/" else p.count("/")
        lines = [p]
        for k, r in self._descendants(p):
            rel_depth = k.count("/") - base_depth
            if rel_depth > depth:
                continue
            if not all and any(part.startswith(".") for part in k[len(p):].split("/")):
                continue
            lines.append("    " * (rel_depth - 1) + "|-- " + basename(k) + ("/" if r["type"] == "dir" else ""))
            if len(lines) > 400:
                lines.append("... (truncated: pass a smaller depth or a deeper path)")
                break
        return "\n".join(lines)

    # --- creating and changing --------------------------------------------------------------

    @tool(writes=True)
    def mkdir(self, path: Path, parents: bool = False) -> str:
        """Create a directory.

        Args:
            path: the directory to create.
            parents: also create missing parent directories (and succeed if it already exists).
        """
        p = self._abs(path)
        existing = self._get(p)
        if existing is not None:
            if parents and existing["type"] == "dir":
                return f"{p} already exists"
            raise ToolError(f"file exists: {p!r}")
        self._check_writable(p, "create")
        if parents:
            self._mkdir_p(p)
        else:
            self._need_parent_dir(p, path)
            self.nodes[p] = {"type": "dir", "size": DIR_SIZE, "modified": NOW, "inode": _new_inode(p)}
        return f"created directory {p}"

    @tool(writes=True)
    def touch(self, path: Path) -> str:
        """Create an empty file, or update the modification time of an existing one.

        Args:
            path: the file to create or touch.
        """
        p = self._abs(path)
        row = self._get(p)
        self._check_writable(p, "touch")
        if row is None:
            self._need_parent_dir(p, path)
            self._put_file(p, "", None)
            return f"created empty file {p}"
        if row["modified"] != NOW:
            self.nodes.patch(p, modified=NOW)
        return f"updated {p}"

    @tool(writes=True)
    def write(self, path: Path, content: str, mode: Literal["overwrite", "append"] = "overwrite") -> WriteResult:
        """Write text to a file, creating it if needed.

        Args:
            path: the file to write.
            content: the text to write.
            mode: "overwrite" replaces the file's content; "append" adds to its end.
        """
        p = self._abs(path)
        row = self._get(p)
        if row is not None and row["type"] == "dir":
            raise ToolError(f"is a directory: {path!r} ({p}); write needs a file path")
        self._check_writable(p, "write")
        if row is None:
            self._need_parent_dir(p, path)
        text = (row["content"] + content) if (mode == "append" and row is not None) else content
        new = self._put_file(p, text, row)
        return {"path": p, "size": new["size"]}

    @tool(writes=True)
    def mv(self, source: Path, destination: Path) -> str:
        """Move or rename a file or directory. Into an existing directory, it keeps its name.

        Args:
            source: what to move.
            destination: the new path, or an existing directory to move it into.
        """
        src, row = self._need(source)
        self._check_removable(src, "move")
        dst = self._abs(destination)
        target = self._get(dst)
        if target is not None and target["type"] == "dir":
            dst = f"{dst.rstrip('/')}/{basename(src)}"
            target = self._get(dst)
        if dst == src:
            raise ToolError(f"{source!r} and {destination!r} are the same file")
        if row["type"] == "dir" and is_under(dst, src):
            raise ToolError(f"cannot move directory {src!r} into itself ({dst!r})")
        if target is not None:
            if target["type"] == "dir" or row["type"] == "dir":
                raise ToolError(f"file exists: {dst!r}; remove it first or choose another name")
        self._check_writable(dst, "move to")
        self._need_parent_dir(dst, destination)
        for k, r in self._subtree(src, row):
            del self.nodes[k]
            self.nodes[dst + k[len(src):]] = r
        return f"moved {src} -> {dst}"

    @tool(writes=True)
    def cp(self, source: Path, destination: Path, recursive: bool = False) -> str:
        """Copy a file, or a directory with recursive=true. Into an existing directory, it keeps its name.

        Args:
            source: what to copy (may be on the mounted archive).
            destination: the new path, or an existing directory to copy it into.
            recursive: required to copy a directory and everything in it.
        """
        src, row = self._need(source)
        if row["type"] == "dir" and not recursive:
            raise ToolError(f"{source!r} is a directory; pass recursive=true to copy it with its contents")
        dst = self._abs(destination)
        target = self._get(dst)
        if target is not None and target["type"] == "dir":
            dst = f"{dst.rstrip('/')}/{basename(src)}"
            target = self._get(dst)
        if dst == src:
            raise ToolError(f"{source!r} and {destination!r} are the same file")
        if row["type"] == "dir" and is_under(dst, src):
            raise ToolError(f"cannot copy directory {src!r} into itself ({dst!r})")
        if target is not None and (target["type"] == "dir" or row["type"] == "dir"):
            raise ToolError(f"file exists: {dst!r}; remove it first or choose another name")
        self._check_writable(dst, "copy to")
        self._need_parent_dir(dst, destination)
        n = 0
        for k, r in self._subtree(src, row):
            new_path = dst + k[len(src):]
            old = self.nodes.get(new_path)
            inode = old["inode"] if old is not None else _new_inode(new_path)
            self.nodes[new_path] = {**r, "modified": NOW, "inode": inode}
            n += r["type"] == "file"
        return f"copied {src} -> {dst} ({n} file{'s' if n != 1 else ''})"

    @tool(writes=True)
    def rm(self, path: Path, recursive: bool = False) -> str:
        """Delete a file permanently, or a directory and its contents with recursive=true.

        Args:
            path: what to delete.
            recursive: required to delete a directory.
        """
        p, row = self._need(path)
        self._check_removable(p, "remove")
        sub = self._subtree(p, row)
        if row["type"] == "dir" and not recursive:
            inner = len(sub) - 1
            state_ = f"not empty: {inner} entries" if inner else "empty"
            raise ToolError(f"cannot remove {path!r}: is a directory ({state_}); pass recursive=true, or use rmdir for an empty directory")
        for k, _ in sub:
            del self.nodes[k]
        return f"removed {p}" + (f" and {len(sub) - 1} entries inside it" if len(sub) > 1 else "")

    @tool(writes=True)
    def rmdir(self, path: Path) -> str:
        """Remove an empty directory.

        Args:
            path: the directory to remove.
        """
        # Every refusal says where the empty directories are: that is what the caller needs.
        where = "find(name='*', type='dir', empty=true) lists the empty directories"
        p = self._abs(path)
        row = self._get(p)
        if row is None:
            raise ToolError(f"{self._missing(path, p)} (rmdir removes an empty directory: {where})")
        if row["type"] != "dir":
            raise ToolError(f"not a directory: {path!r} ({p}) is a file; rmdir only removes empty directories: {where}")
        try:
            self._check_removable(p, "remove")
        except ToolError as e:
            raise ToolError(f"{e} ({where})") from None
        inner = self._children(p)
        if inner:
            raise ToolError(
                f"directory not empty: {p!r} holds {len(inner)} entries; rmdir only removes empty directories "
                f"({where}); to delete it with its contents, use rm with recursive=true"
            )
        del self.nodes[p]
        return f"removed directory {p}"

    # --- trash ------------------------------------------------------------------------------

    @tool(writes=True)
    def trash(self, path: Path) -> TrashResult:
        """Move a file or directory to the trash (restorable later with restore).

        Args:
            path: what to move to the trash.
        """
        p, row = self._need(path)
        self._check_removable(p, "trash")
        sub = self._subtree(p, row)
        rows = {k[len(p):].lstrip("/"): r for k, r in sub}
        n_same = sum(1 for t in self.trash_bin.values() if t["original_path"] == p)
        tid = "T" + stable_hash([p, n_same, len(sub)], length=4)[:7]
        for k, _ in sub:
            del self.nodes[k]
        self.trash_bin[tid] = {"trash_id": tid, "original_path": p, "type": row["type"], "deleted": NOW, "rows": rows}
        return {"original_path": p, "items": len(sub)}

    @tool
    def list_trash(self) -> list[TrashEntry]:
        """List the trash: what was deleted, from where, and when (newest first)."""
        out = [
            {"trash_id": t["trash_id"], "original_path": t["original_path"], "type": t["type"], "deleted": t["deleted"], "items": len(t["rows"])}
            for t in self.trash_bin.values()
        ]
        out.sort(key=lambda e: (e["deleted"], e["original_path"]), reverse=True)
        return out  # type: ignore[return-value]

    @tool(name="restore", writes=True)
    def restore_from_trash(self, trash_id: TrashId) -> str:
        """Restore a trashed item to where it was (missing parent folders are recreated).

        Args:
            trash_id: the trash entry, from list_trash.
        """
        entry = self.trash_bin.get(trash_id)
        if entry is None:
            raise ToolError(f"no trash entry {trash_id!r}; list_trash shows the ids{suggest(trash_id, self.trash_bin)}")
        orig = entry["original_path"]
        if self._get(orig) is not None:
            raise ToolError(f"file exists: {orig!r}; move or remove it before restoring (or restore elsewhere after mv)")
        self._mkdir_p(parent(orig))
        for rel, r in sorted(entry["rows"].items()):
            self.nodes[f"{orig}/{rel}" if rel else orig] = r
        del self.trash_bin[trash_id]
        return f"restored {orig}"

    @tool(writes=True)
    def empty_trash(self) -> EmptyTrashResult:
        """Permanently delete everything in the trash."""
        n = len(self.trash_bin)
        for k in list(self.trash_bin):
            del self.trash_bin[k]
        return {"removed": n}

    # --- reading ----------------------------------------------------------------------------

    @tool
    def cat(self, path: Path) -> str:
        """Print a file's content.

        Args:
            path: the file to read.
        """
        _, row = self._need(path, "file")
        return row["content"]

    @tool
    def head(self, path: Path, lines: Count = 10) -> str:
        """Print the first lines of a file.

        Args:
            path: the file to read.
            lines: how many lines (1-1000).
        """
        _, row = self._need(path, "file")
        return "".join(row["content"].splitlines(keepends=True)[:lines])

    @tool
    def tail(self, path: Path, lines: Count = 10) -> str:
        """Print the last lines of a file.

        Args:
            path: the file to read.
            lines: how many lines (1-1000).
        """
        _, row = self._need(path, "file")
        return "".join(row["content"].splitlines(keepends=True)[-lines:])

    @tool
    def wc(self, path: Path) -> WcResult:
        """Count a file's lines, words and bytes.

        Args:
            path: the file to count.
        """
        p, row = self._need(path, "file")
        c = row["content"]
        return {"path": p, "lines": c.count("\n"), "words": len(c.split()), "bytes": len(c.encode())}

    @tool
    def sort(self, path: Path, reverse: bool = False, numeric: bool = False, unique: bool = False) -> str:
        """Print a file's lines sorted (the file itself is not changed).

        Args:
            path: the file to sort.
            reverse: largest first.
            numeric: compare lines by their leading number (lines without one sort first).
            unique: drop repeated lines.
        """
        _, row = self._need(path, "file")
        lines = row["content"].splitlines()
        if unique:
            lines = list(dict.fromkeys(lines))
        if numeric:
            def key(s: str) -> tuple[float, str]:
                head = s.strip().split(" ", 1)[0].split(",", 1)[0]
                try:
                    return (float(head), s)
                except ValueError:
                    return (float("-inf"), s)

            lines.sort(key=key, reverse=reverse)
        else:
            lines.sort(reverse=reverse)
        return "\n".join(lines) + ("\n" if lines else "")

    @tool
    def diff(self, path_a: Path, path_b: Path) -> str:
        """Show the differences between two files as a unified diff ("" when identical).

        Args:
            path_a: the old file.
            path_b: the new file.
        """
        pa, ra = self._need(path_a, "file")
        pb, rb = self._need(path_b, "file")
        out = difflib.unified_diff(ra["content"].splitlines(keepends=True), rb["content"].splitlines(keepends=True), pa, pb)
        return "".join(line if line.endswith("\n") else line + "\n" for line in out)

    @tool
    def du(self, path: Path = ".") -> DuResult:
        """Total size of a file or directory tree.

        Args:
            path: the file or directory; default the current directory.
        """
        p, row = self._need(path)
        files = dirs = total = 0
        for _, r in self._subtree(p, row):
            if r["type"] == "file":
                files += 1
                total += r["size"]
            else:
                dirs += 1
        return {"path": p, "bytes": total, "files": files, "dirs": dirs}

    @tool
    def stat(self, path: Path) -> StatResult:
        """Metadata of a file or directory: type, size, modification time, inode, write access.

        Args:
            path: the file or directory.
        """
        p, row = self._need(path)
        out: StatResult = {
            "path": p, "type": row["type"], "size": row["size"], "modified": row["modified"], "inode": row["inode"],
            "read_only": self._read_only(p),
        }
        if row["type"] == "dir":
            out["entries"] = len(self._children(p))
        return out

    # --- searching --------------------------------------------------------------------------

    @tool
    def find(
        self,
        name: str,
        path: Path = ".",
        type: Literal["any", "file", "dir"] = "any",
        empty: bool = False,
        max_results: Annotated[int, Field(ge=1, le=500)] = 100,
    ) -> list[Path]:
        """Find files and directories whose name matches a shell pattern (*, ?, [abc]).

        Args:
            name: the name pattern, e.g. "*.py" or "report*" (case-sensitive).
            path: the directory to search in, recursively; default the current directory.
            type: only files, only directories, or any.
            empty: only empty files and empty directories (like ``find -empty``).
            max_results: the most paths to return.
        """
        p, row = self._need(path)
        out = []
        for k, r in self._subtree(p, row):
            if type != "any" and r["type"] != type:
                continue
            if fnmatch.fnmatchcase(basename(k), name):
                if empty and (r["size"] if r["type"] == "file" else self._children(k)):
                    continue
                out.append(k)
                if len(out) >= max_results:
                    break
        return out

    @tool
    def grep(
        self, pattern: str, path: Path, recursive: bool = False, ignore_case: bool = False, max_results: Annotated[int, Field(ge=1, le=500)] = 100
    ) -> list[GrepHit]:
        """Find lines containing a text (a plain substring, not a regular expression).

        Args:
            pattern: the text to look for.
            path: a file, or a directory with recursive=true.
            recursive: search every file under a directory.
            ignore_case: match regardless of case.
            max_results: the most matching lines to return.
        """
        if not pattern:
            raise ToolError("expected a non-empty pattern")
        p, row = self._need(path)
        if row["type"] == "dir" and not recursive:
            raise ToolError(f"{path!r} is a directory; pass recursive=true to search the files inside it")
        needle = pattern.lower() if ignore_case else pattern
        hits: list[GrepHit] = []
        for k, r in self._subtree(p, row):
            if r["type"] != "file":
                continue
            content = r["content"]
            hay = content.lower() if ignore_case else content
            if needle not in hay:
                continue
            for i, line in enumerate(content.splitlines(), 1):
                if needle in (line.lower() if ignore_case else line):
                    hits.append({"path": k, "line_number": i, "line": line[:300]})
                    if len(hits) >= max_results:
                        return hits
        return hits

    # --- privileges and the archive volume --------------------------------------------------

    @tool(writes=True, establishes="sudo")
    def sudo(self, password: str) -> str:
        """Gain root privileges (needed to change /etc and /var) with the user's password.

        Args:
            password: the user's login password.
        """
        if password != self.password:
            raise ToolError(f"sudo: incorrect password for {self.username}")
        return "root privileges granted until exit_sudo"

    @tool(writes=True, revokes="sudo", needs="sudo")
    def exit_sudo(self) -> str:
        """Give up root privileges."""
        return "root privileges dropped"

    @tool(writes=True, establishes="archive_mounted")
    def mount_archive(self) -> str:
        """Mount the read-only backup volume at /mnt/archive."""
        if self._mounted():
            raise ToolError(f"{ARCHIVE} is already mounted")
        return f"mounted {ARCHIVE} (read-only)"

    @tool(writes=True, needs="archive_mounted", revokes="archive_mounted")
    def unmount_archive(self) -> str:
        """Unmount the backup volume."""
        if is_under(self.cwd, ARCHIVE) and self.cwd != ARCHIVE:
            raise ToolError(f"target is busy: the current directory {self.cwd} is on the archive; cd elsewhere first")
        return f"unmounted {ARCHIVE}"

    @tool(needs="archive_mounted")
    def list_backups(self) -> list[Backup]:
        """List the backups on the mounted archive volume (oldest first)."""
        return sorted(self.backups.values(), key=lambda b: b["taken"])

    @tool(writes=True, needs="archive_mounted")
    def restore_from_backup(self, backup_id: BackupId, path: Path, destination: Path | None = None) -> WriteResult:
        """Copy one file, as it was in a backup, back into the home directory.

        Args:
            backup_id: the backup, from list_backups.
            path: the file's path relative to the home directory, e.g. "notes/todo.txt" (or its absolute path under the home directory).
            destination: where to write it; default its original place in the home directory (overwriting).
        """
        b = self.backups.get(backup_id)
        if b is None:
            raise ToolError(f"no backup {backup_id!r}; list_backups shows the ids{suggest(backup_id, self.backups)}")
        rel = path
        if rel.startswith(self.home + "/"):
            rel = rel[len(self.home) + 1 :]
        elif rel.startswith("~/"):
            rel = rel[2:]
        rel = rel.strip("/")
        src = f"{b['root']}/{rel}"
        row = self.archive.get(src)
        if row is None or row["type"] != "file":
            have = [k[len(b["root"]) + 1 :] for k, r in self.archive.items() if k.startswith(b["root"] + "/") and r["type"] == "file"]
            raise ToolError(f"backup {backup_id} ({b['taken']}) has no file {rel!r}{suggest(rel, have)}")
        dst = self._abs(destination) if destination else f"{self.home}/{rel}"
        target = self._get(dst)
        if target is not None and target["type"] == "dir":
            dst = f"{dst}/{basename(src)}"
            target = self._get(dst)
        if target is not None and target["type"] == "dir":
            raise ToolError(f"file exists: {dst!r} is a directory")
        self._check_writable(dst, "write")
        self._mkdir_p(parent(dst))
        new = self._put_file(dst, row["content"], target)
        return {"path": dst, "size": new["size"]}
