"""`heroes crawl`: crawl seed URLs (clear web or onion services through Tor) into a case, with a Rich progress."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from heroes.analysers.known_material import HASH_MATCH
from heroes.core.finding import ERROR, Finding
from heroes.crawl.config import CrawlConfig
from heroes.crawl.kinds import MEDIA, PAGE


def _watch_list(path: Path | None) -> frozenset[str]:
    if path is None:
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(v.strip().lower() for v in lines if v.strip() and not v.lstrip().startswith("#"))


def crawl(
    seeds: Path = typer.Argument(..., exists=True, dir_okay=False, help="File of seed URLs, one a line."),
    case: str = typer.Option(..., help="Case name."),
    proxy: str = typer.Option(
        "",
        help="socks5h://127.0.0.1:9050 (Tor, one circuit per site) or "
        "http://127.0.0.1:8118 (Privoxy). Without one, onion services are skipped.",
    ),
    depth: int = typer.Option(3, min=0, help="Links followed from a seed."),
    max_pages: int = typer.Option(1000, min=1, help="Pages in the whole crawl (a rerun resumes past it)."),
    per_domain: int = typer.Option(200, min=1, help="Pages per host."),
    delay: float = typer.Option(0.5, min=0, help="Seconds between requests to one host."),
    concurrency: int = typer.Option(16, min=1, help="Requests in flight in all."),
    per_site: int = typer.Option(4, min=1, help="Requests in flight per host."),
    timeout: float = typer.Option(30.0, min=0.1, help="Seconds per request."),
    retries: int = typer.Option(2, min=0, help="Retries of a failed request."),
    max_bytes: int = typer.Option(5 << 20, min=1024, help="Largest response fetched."),
    robots: bool = typer.Option(True, help="Obey robots.txt on the clear web."),
    robots_onion: bool = typer.Option(False, help="Obey robots.txt on onion services too."),
    db: str = typer.Option("", help="Case database URL (default: sqlite:///OUT/case.sqlite)."),
    bank_db: str = typer.Option("", help="Hash-bank database URL: images are matched against it."),
    watch: Path | None = typer.Option(
        None, exists=True, dir_okay=False, help="File of identifiers or hashes to alert on, one a line."
    ),
    out: Path = typer.Option(Path("out"), help="Where findings.jsonl, the page file and the database go."),
    quiet: bool = typer.Option(False, help="No progress display."),
) -> None:
    """Crawl SEEDS into CASE: pages are analysed like any evidence; images are hashed in memory and matched.

    Interrupted? Run the same command again: it resumes without fetching stored pages again."""
    import scrapy  # noqa: F401 - the optional parts first: a missing one is reported before anything starts

    if proxy.startswith("socks"):
        import httpx  # noqa: F401 - Scrapy's httpx handler speaks SOCKS
        import socksio  # noqa: F401
    from heroes.crawl.run import read_seeds, run_crawl

    cfg = CrawlConfig(
        read_seeds(seeds),
        case,
        out,
        db,
        bank_db,
        proxy,
        depth,
        max_pages,
        per_domain,
        robots,
        robots_onion,
        delay,
        concurrency,
        per_site,
        timeout,
        retries,
        max_bytes,
        watch=_watch_list(watch),
    )
    console = Console(stderr=True, quiet=quiet)
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]crawl {task.description}"),
        BarColumn(),
        TextColumn("{task.fields[pages]} pages"),
        TextColumn("{task.fields[media]} media"),
        TextColumn("{task.fields[matches]} matches"),
        TextColumn("{task.fields[errors]} errors"),
        TimeElapsedColumn(),
    )
    counts: dict[str, Any] = {"pages": 0, "media": 0, "matches": 0, "errors": 0}  # Progress task fields
    with Progress(*columns, console=console, disable=quiet) as progress:
        task = progress.add_task(case, total=max_pages, **counts)

        def update(record: dict, findings: list[Finding]) -> None:
            kind = record["type"]
            counts["pages"] += kind == PAGE.name
            counts["media"] += kind == MEDIA.name
            counts["matches"] += sum(f.kind == HASH_MATCH.name for f in findings)
            counts["errors"] += sum(f.kind == ERROR.name for f in findings)
            progress.update(task, advance=int(kind == PAGE.name), **counts)

        result = run_crawl(cfg, update)
    table = Table("finding kind", "count", title=f"case {case}")
    for kind, count in result.counts.items():
        table.add_row(kind, str(count))
    console.print(table)
    if result.resumed_pages:
        console.print(f"resumed: {result.resumed_pages} URLs were already stored and were not fetched again")
    console.print(f"case database: {result.db_url}")
    typer.echo(str(result.jsonl))


def main(argv: list[str] | None = None) -> None:
    """`python -m heroes.cli.crawl ...`: the crawl command in a fresh process (tests, benchmarks)."""
    app = typer.Typer(add_completion=False)
    app.command()(crawl)
    os.environ.setdefault("COLUMNS", "120")
    app(argv)


if __name__ == "__main__":
    main()
