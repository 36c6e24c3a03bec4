"""`heroes export`: exchange formats for other tools (VICS JSON of matched, categorised media)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from heroes.core.finding import FILE
from heroes.store import CaseStore, default_url

app = typer.Typer(help="Export a case for other tools.", no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """Exports read the case database; they never touch the evidence."""


@app.command("vics")
def vics(
    case: str = typer.Argument(..., help="Case name."),
    db: str = typer.Option("", help="Case database URL (default: sqlite:///out/case.sqlite)."),
    out: Path = typer.Option(Path("case.vics.json"), "--out", "-o", help="VICS JSON file to write."),
) -> None:
    """Write the case's hash-matched media (notable banks only) as Project VIC VICS 2.0 JSON."""
    from heroes.analysers.known_material import HASH_MATCH
    from heroes.hashsets.vics import write_vics

    console = Console(stderr=True)
    with CaseStore(db or default_url(Path("out"))) as store:
        case_id = store.find_case(case)
        if case_id is None:
            console.print(f"[red]error:[/] no case {case!r}")
            raise typer.Exit(2)
        files: dict[str, dict[str, str]] = {}
        matches: dict[str, dict[str, str]] = {}
        for rec in store.records(case_id, {FILE.name, HASH_MATCH.name}):
            key = f"{rec['evidence']}\0{rec['path']}"
            if rec["kind"] == FILE.name:
                files[key] = {"md5": rec.get("md5", ""), "sha1": rec.get("sha1", "")}
            elif rec.get("bank_kind", "notable") == "notable" and key not in matches:
                matches[key] = {
                    "path": rec["path"],
                    "bank": rec.get("bank", ""),
                    "signal": rec.get("signal", ""),
                    "category": rec.get("category") or "",
                }
    n = write_vics(({**files.get(k, {}), **m} for k, m in matches.items()), out)
    console.print(f"{n} media items written to {out}")
