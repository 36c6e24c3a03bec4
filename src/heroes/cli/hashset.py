"""`heroes hashset`: import hash lists into banks, list banks, and match a file or folder against them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from heroes.core.finding import ERROR, FILE, Finding
from heroes.core.settings import Settings
from heroes.hashsets.signals import described
from heroes.store import default_url

app = typer.Typer(
    help="Hash banks: known material (VICS, PDQ, text, CSV) and known-good (NSRL).",
    no_args_is_help=True,
    add_completion=False,
)
DB_HELP = "Bank database URL (default: the case store sqlite:///out/case.sqlite)."


def _db(db: str) -> str:
    return db or os.environ.get("HEROES_BANK_DB") or default_url(Path("out"))


@app.command("import")
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The list to import."),
    name: str = typer.Option(..., "--name", help="Bank name (created if new)."),
    fmt: str = typer.Option(
        "", "--format", help="vics, nsrl (RDSv3 SQLite or legacy RDS text), text, csv, pdq, vpdq (default: detected)."
    ),
    category: str = typer.Option("", help="Category for entries that carry none."),
    kind: str = typer.Option("", help="notable, known (known-good) or negative (default: by format)."),
    scheme: str = typer.Option("", help="Category scheme (vics, caid, nsrl, plain or your own in schemes.yaml)."),
    threshold: int = typer.Option(-1, help="PDQ match distance for this bank, also per vPDQ frame (default 31)."),
    query_share: int | None = typer.Option(
        None, "--query-share", min=0, max=100, help="vPDQ: % of a video's frames that must match (default 80)."
    ),
    index_share: int | None = typer.Option(
        None, "--index-share", min=0, max=100, help="vPDQ: % of the bank video's frames that must match (default 0)."
    ),
    db: str = typer.Option("", help=DB_HELP),
) -> None:
    """Import FILE into bank NAME in one transaction; re-importing the same list adds nothing.

    Bank settings (--threshold, --query-share, --index-share) given for an existing bank replace its own. vPDQ lists
    are Meta's format (frame,quality,hash,seconds per line; every frame or sampled) or python-threatexchange's
    (hash,quality,seconds); a video matches by time, whatever rate either side was hashed at."""
    from heroes.hashsets.entries import ImportFormatError
    from heroes.hashsets.formats import DEFAULTS, parse
    from heroes.hashsets.store import BankStore

    console = Console(stderr=True)
    try:
        found, entries = parse(file, fmt or None, category or None)
        dkind, dscheme = DEFAULTS.get(found, ("notable", "plain"))
        with BankStore(_db(db)) as store:
            new_bank = name not in {b.name for b in store.banks().values()}
            added = store.import_entries(
                name,
                entries,
                kind or (dkind if new_bank else None),
                scheme or (dscheme if new_bank else None),
                threshold if threshold >= 0 else None,
                query_share,
                index_share,
            )
    except (ImportFormatError, ValueError) as exc:
        console.print(f"[red]error:[/] {file}: {exc}")
        raise typer.Exit(2) from None
    console.print(f"{file.name} ({found}): {added} new entries in bank {name}")


@app.command("list")
def list_(db: str = typer.Option("", help=DB_HELP), as_json: bool = typer.Option(False, "--json")) -> None:
    """Banks with their kind, scheme, PDQ threshold, vPDQ query and index shares, and entry counts."""
    from heroes.hashsets.store import BankStore

    with BankStore(_db(db)) as store:
        banks, counts = store.banks(), store.counts()
    if as_json:
        for b in banks.values():
            typer.echo(
                json.dumps(
                    {
                        "bank": b.name,
                        "kind": b.kind,
                        "scheme": b.scheme,
                        "pdq_threshold": b.pdq_threshold,
                        "vpdq_query_share": b.vpdq_query_share,
                        "vpdq_index_share": b.vpdq_index_share,
                        "counts": counts.get(b.name, {}),
                    }
                )
            )
        return
    table = Table("bank", "kind", "scheme", "pdq threshold", "vpdq query/index %", "entries")
    for b in banks.values():
        table.add_row(
            b.name,
            b.kind,
            b.scheme,
            str(b.pdq_threshold),
            f"{b.vpdq_query_share}/{b.vpdq_index_share}",
            ", ".join(f"{a} {n}" for a, n in sorted(counts.get(b.name, {}).items())) or "0",
        )
    Console().print(table)


KNOWN_MATERIAL = frozenset({"known_material", "known_images", "known_videos"})  # the analysers `match` runs


def _shown(source_path: str, item_path: str) -> str:
    """An item's path as `match` prints it: under the folder given, or beside the file given."""
    base = source_path if os.path.isdir(source_path) else os.path.dirname(source_path)
    return os.path.join(base, item_path)


@app.command("match", help=f"Match every file under PATH against all banks ({described()}).")
def match(
    path: Path = typer.Argument(..., exists=True, help="A file or folder (read-only)."),
    db: str = typer.Option("", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per match."),
    thumbs: Path = typer.Option(None, help="Write grey, blurred review thumbnails of matched images here."),
    workers: int = typer.Option(1, min=1, help="Local worker processes."),
) -> None:
    """Walks PATH like triage does (archives and disk images inside included) with the known-material analysers."""
    from heroes.analysers.known_material import HASH_MATCH
    from heroes.core.item import locator_from_json
    from heroes.core.opener import open_locator
    from heroes.engine import registry
    from heroes.engine.run import Scan
    from heroes.hashsets.thumbs import review_thumbnail
    from heroes.sources.detect import EvidenceError, open_source

    settings = Settings.from_env(bank_db=_db(db))
    root = path.resolve()
    try:
        source = open_source(str(root))
    except EvidenceError as exc:
        Console(stderr=True).print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None

    def walked(_key: str, finding: Finding) -> None:
        if finding.kind == ERROR.name:
            typer.echo(f"{_shown(source.path, finding.path)}\terror\t{finding.data.get('reason', '')}", err=True)

    scan = Scan(source, settings, registry.enabled(only=KNOWN_MATERIAL), on_walk=walked)
    for _item, findings in scan.items(workers):
        files = {f.path: f.data for f in findings if f.kind == FILE.name}  # the item's, and its archive members'
        for f in findings:
            shown = _shown(source.path, f.path)
            if f.analyser not in KNOWN_MATERIAL:
                if f.kind == ERROR.name:  # the item itself could not be read or opened
                    typer.echo(f"{shown}\terror\t{f.data.get('reason', '')}", err=True)
                continue
            rec = {"path": shown, "kind": f.kind, **f.data}
            record = files.get(f.path, {})
            if f.kind == HASH_MATCH.name and thumbs is not None and str(record.get("mime", "")).startswith("image/"):
                with open_locator(locator_from_json(record["locator"])) as stream:
                    rec["thumbnail"] = str(review_thumbnail(stream, thumbs, str(record["sha1"]), root))
            if as_json:
                typer.echo(json.dumps(rec, sort_keys=True))
            elif f.kind == HASH_MATCH.name:
                typer.echo(f"{shown}\t{rec['bank']}\t{rec['signal']}\t{rec['distance']}\t{rec['category']}")
            else:
                typer.echo(f"{shown}\t{f.kind}\t{f.data}")
