"""A crawl run: open the case, work out what is left to fetch, run the Scrapy spider, export findings.jsonl.

Resumable through the case store: every stored page keeps its links and depth, so a rerun starts from the seeds
plus the links of stored pages not yet fetched, and skips every URL already stored (a killed crawl fetches again
only the pages of its last uncommitted batch and those still being analysed). Scrapy's reactor runs once per
process: one crawl per process. The analysis workers are forked here, before the reactor starts
(`heroes.crawl.analysis`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heroes.core.finding import ERROR, Finding
from heroes.crawl.analysis import Analysis
from heroes.crawl.config import CrawlConfig, scrapy_settings
from heroes.crawl.kinds import PAGE, SKIPPED
from heroes.crawl.urls import host_of
from heroes.engine.run import CaseRun
from heroes.store import CaseStore, default_url

Progress = Callable[[dict[str, Any], list[Finding]], None]


@dataclass
class CrawlRun:
    """What the spider's pipeline needs of the run: the case run it writes into, the progress callback and the
    analysis workers."""

    case: CaseRun
    progress: Progress | None = None
    analysis: Analysis | None = None  # the worker pool of page analysis and image hashing


@dataclass
class CrawlResult:
    """What a crawl wrote and found."""

    case: str
    db_url: str
    jsonl: Path
    resumed_pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def read_seeds(path: Path) -> list[str]:
    """One URL a line; blank lines and # comments ignored; a bare host name means http://host/."""
    seeds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            seeds.append(line if "://" in line else f"http://{line}/")
    return seeds


def evidence_name(cfg: CrawlConfig) -> str:
    """The crawl's evidence record: one per set of seeds."""
    return "crawl:" + " ".join(sorted(cfg.seeds))


def frontier(
    store: CaseStore,
    case_id: int,
    evidence: str,
    seeds: list[str],
) -> tuple[list[tuple[str, int]], set[str], dict[str, int]]:
    """(url, depth) still to fetch, URLs stored, pages stored per host."""
    done: set[str] = set()
    todo: dict[str, int] = {url: 0 for url in seeds}
    per_host: Counter[str] = Counter()
    for rec in store.records(case_id, {PAGE.name, ERROR.name, SKIPPED.name}):
        if rec.get("evidence") != evidence:
            continue
        url = rec["url"]
        done.add(url)
        done.add(rec.get("redirected_from") or url)
        if rec["kind"] == PAGE.name:
            per_host[host_of(url)] += 1
            for link in rec.get("links") or ():
                todo.setdefault(link, rec["depth"] + 1)
    return [(u, d) for u, d in todo.items() if u not in done], done, dict(per_host)


def run_crawl(cfg: CrawlConfig, progress: Progress | None = None) -> CrawlResult:
    """Crawl `cfg`'s seeds into its case (resuming what the case already holds) and write findings.jsonl."""
    from scrapy.crawler import CrawlerProcess

    from heroes.crawl.spider import HeroesSpider

    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    db_url = cfg.db_url or default_url(cfg.out_dir)
    name = evidence_name(cfg)
    description = {"kind": "crawl", "seeds": cfg.seeds, "proxy": cfg.proxy.rsplit("@", 1)[-1]}
    with CaseRun.open(db_url, cfg.case, name, "crawl", description) as run:
        todo, done, per_host = frontier(run.store, run.case_id, name, cfg.seeds)
        todo = [(u, d) for u, d in todo if d <= cfg.depth]
        analysis = Analysis(cfg.bank_db, cfg.workers)
        analysis.start()  # forked before the reactor and its threads exist
        try:
            process = CrawlerProcess(scrapy_settings(cfg))
            process.crawl(
                HeroesSpider,
                cfg=cfg,
                frontier=todo,
                done=done,
                done_per_host=per_host,
                run=CrawlRun(run, progress, analysis),
            )
            process.start()
        finally:
            analysis.close()
        run.finish()
        jsonl = run.export(cfg.out_dir, "", formats=("jsonl",))["jsonl"]
        return CrawlResult(cfg.case, db_url, jsonl, len(done), run.counts())
