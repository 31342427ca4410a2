"""`seq2seq-studio`: the engine's command line (models/cli.py) plus the command that opens the
desktop app, which is the default. The engine never imports the app; this is the one place that
joins them. Qt is imported only when the app opens, so the other commands run without it."""

from __future__ import annotations

import sys

from models.cli import main as engine_main
from models.errors import StudioError


def open_app(args) -> int:
    try:
        from app.main import main as app_main
    except ImportError as err:
        raise StudioError(f"the desktop app cannot start: {err}. Install it with the README's first command.") from None
    return app_main(model=getattr(args, "model", None))


def main(argv: list[str] | None = None) -> int:
    return engine_main(argv, commands={"gui": open_app})


if __name__ == "__main__":
    sys.exit(main())
