"""`heroes hashset`: import hash lists into banks, list banks, and match a file or folder against them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from heroes.core.analyser import Analyser, Damaged, NotMine
from heroes.core.context import ItemContext
from heroes.core.finding import Finding
from heroes.core.item import Item
from heroes.core.settings import Settings
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


def _analysers() -> list[Analyser]:
    from heroes.analysers import known_material as km
    from heroes.engine.registry import _missing

    return [cls() for cls in (km.KnownHashes, km.KnownImages, km.KnownVideos) if not _missing(cls.requires)]


def _files(path: Path):  # type: ignore[no-untyped-def]
    if path.is_file():
        yield path
        return
    for root, dirs, names in os.walk(path):  # never follows symlinks
        dirs.sort()
        for n in sorted(names):
            p = Path(root) / n
            if p.is_file() and not p.is_symlink():
                yield p


@app.command("match")
def match(
    path: Path = typer.Argument(..., exists=True, help="A file or folder (read-only)."),
    db: str = typer.Option("", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per match."),
    thumbs: Path = typer.Option(None, help="Write grey, blurred review thumbnails of matched images here."),
) -> None:
    """Match every file under PATH against all banks (exact digests, PDQ, vPDQ)."""
    from heroes.engine.hashpass import hash_item
    from heroes.hashsets.thumbs import review_thumbnail

    settings = Settings.from_env(bank_db=_db(db))
    analysers = _analysers()
    root = path.resolve()
    for file in _files(root):
        item = Item(str(file.relative_to(root.parent)), ({"t": "os", "path": str(file)},), file.stat().st_size)
        result = hash_item(item, settings.chunk_size)
        if not result.complete:
            typer.echo(f"{file}\terror\t{result.error}", err=True)
            continue
        ctx = ItemContext(item, settings, result.mime, result.hashes())
        for analyser in analysers:
            if not analyser.accepts(result.mime):
                continue
            try:
                findings: list[Finding] = list(analyser.analyse(ctx))
            except NotMine:
                continue
            except Damaged as exc:
                findings = [Finding("error", item.path, {"reason": str(exc)}, analyser.name)]
            for f in findings:
                rec = {"path": str(file), "kind": f.kind, **f.data}
                if f.kind == "hash_match" and thumbs is not None and result.mime.startswith("image/"):
                    with ctx.open() as stream:
                        rec["thumbnail"] = str(review_thumbnail(stream, thumbs, result.sha1, root))
                if as_json:
                    typer.echo(json.dumps(rec, sort_keys=True))
                elif f.kind == "hash_match":
                    typer.echo(f"{file}\t{rec['bank']}\t{rec['signal']}\t{rec['distance']}\t{rec['category']}")
                else:
                    typer.echo(f"{file}\t{f.kind}\t{f.data}")
