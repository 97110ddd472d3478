"""CLI subcommands, one module each (see toolgym/cli.py)."""
