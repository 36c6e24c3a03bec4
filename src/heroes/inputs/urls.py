"""Database URLs given on the command line (`--db`): checked before anything connects, in one line."""

from __future__ import annotations

from pathlib import Path

from heroes.inputs.errors import InputError

EXAMPLES = "e.g. sqlite:///out/case.sqlite or postgresql+psycopg://user@host/heroes"


def check_db_url(url: str, option: str = "") -> str:
    """`url` when SQLAlchemy can parse it and the backend is installed; a SQLite file's folder must exist or be
    creatable. Raises InputError otherwise."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
        parsed.get_dialect()
    except ArgumentError:
        raise InputError(f"not a database URL: {url!r} ({EXAMPLES})", option) from None
    except NoSuchModuleError:
        raise InputError(f"unknown database type in {url!r} ({EXAMPLES})", option) from None
    except ImportError as exc:
        raise InputError(
            f"the driver for {url!r} is not installed ({exc.name}): pip install heroes[postgres]", option
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        folder = Path(parsed.database).parent
        existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise InputError(f"{existing} is not a folder, so {parsed.database} cannot be created", option)
    return url
