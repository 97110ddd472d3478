"""The ``toolgym`` command line. Each subcommand lives in ``toolgym/commands/<name>.py``.

A command module provides ``add_parser(subparsers)``, which registers its parser and sets
``func`` (called with the parsed namespace, returning an exit code). Modules are imported only
to build the parser; heavy imports belong inside ``func``.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import signal
import sys
import threading

from toolgym import stopping
from toolgym.errors import Terminated, ToolgymError, machine_error

COMMANDS = ["synth", "explore", "collect", "export", "stats", "envs", "serve", "serve_env", "schema", "import_"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolgym",
        description="Simulated tool environments, graph-directed exploration, and verified function-calling datasets.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"toolgym.commands.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"toolgym.commands.{name}":
                continue  # a command not built yet
            raise
        module.add_parser(sub)
    for child in sub.choices.values():
        _add_plugin_option(child)
    return parser


def _add_plugin_option(parser: argparse.ArgumentParser) -> None:
    """``--plugin MODULE`` on every command: import a module that registers environments.

    Environment ids resolve through the registry only (they come from data and command lines);
    this is the explicit way to bring in environments that are not installed as plugins.
    """
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if sub is None:
        parser.add_argument("--plugin", action="append", default=None, metavar="MODULE",
                            help="import MODULE first (it registers environments); repeatable")
        return
    for child in sub.choices.values():
        _add_plugin_option(child)


def _on_sigterm(signum: int, frame: object) -> None:
    # From here the process is stopping: a worker pool's manager thread that finds its queues
    # torn down mid-send is part of that, not a bug to show (the run prints its one line)
    threading.excepthook = _quiet_thread_exit
    stopping.stop()  # raises Terminated, at once or when the episode being written is counted


def _quiet_thread_exit(args: threading.ExceptHookArgs) -> None:
    return None


def main(argv: list[str] | None = None) -> int:
    """Run a command. Exit status: 0 ok, 1 a check failed, 2 a user error (one line on
    stderr), 130/143 interrupted by Ctrl-C/SIGTERM. Anything else is a bug: its traceback shows.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if _main_thread() else None
    try:
        if getattr(args, "plugin", None):
            from toolgym.envs.registry import load_modules

            load_modules(args.plugin)
        return int(args.func(args) or 0)
    except ToolgymError as e:
        print(f"toolgym {args.command}: error: {_one_line(e)}", file=sys.stderr)
        return 2
    except Terminated:
        print(f"toolgym {args.command}: terminated (SIGTERM); what was written is kept, rerun the same command to resume",
              file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print(f"toolgym {args.command}: interrupted; what was written is kept, rerun the same command to resume", file=sys.stderr)
        return 130
    except OSError as e:
        if e.errno == errno.EPIPE:  # `toolgym stats RUN | head`: the reader left, nothing to say
            _silence_stdout()
            return 0
        why = machine_error(e)
        if why is None:
            raise  # not the machine's refusal: a bug, with its traceback
        print(f"toolgym {args.command}: error: {why}; fix that and rerun the same command (it resumes what was written)",
              file=sys.stderr)
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= 2000 else text[:2000] + "..."


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _silence_stdout() -> None:
    # Python flushes stdout at exit and would report the broken pipe again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
