"""`make bench`: run every bench/bench_<topic>.py, keep each one's markdown in docs/bench/<topic>.md, and put them
together in docs/benchmarks.md. Each script measures its figures against its anchor in the same run.

    python bench/run_bench.py [--only triage,jobs] [--skip crawl]

bench_triage.py writes its own file (it takes options: see its --help); the others print their section.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH, SECTIONS = REPO / "bench", REPO / "docs" / "bench"
ORDER = ["triage", "hashsets", "jobs", "grooming", "screening", "crawl"]


def topics() -> list[str]:
    found = [p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py")]
    return sorted(found, key=lambda t: (ORDER.index(t) if t in ORDER else len(ORDER), t))


def run(topic: str) -> None:
    script = BENCH / f"bench_{topic}.py"
    print(f"== {script.relative_to(REPO)}", file=sys.stderr)
    if topic == "triage":
        subprocess.run([sys.executable, str(script)], check=True, cwd=REPO)
        return
    done = subprocess.run([sys.executable, str(script)], check=True, cwd=REPO, stdout=subprocess.PIPE, text=True)
    (SECTIONS / f"{topic}.md").write_text(done.stdout)


def assemble() -> str:
    parts = [
        "# Benchmarks",
        "",
        f"Assembled by `make bench` (`python bench/run_bench.py`) on {datetime.now(UTC):%Y-%m-%d}; each "
        "section says when, how and on what machine it was measured. Do not edit by hand: rerun the bench.",
        "",
    ]
    for topic in topics():
        section = SECTIONS / f"{topic}.md"
        if section.is_file():
            parts += [section.read_text().strip(), ""]
        else:
            parts += [f"## {topic}", "", f"Not measured yet: run `python bench/bench_{topic}.py`.", ""]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated topics to run (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated topics not to run")
    args = parser.parse_args()
    only = {t for t in args.only.split(",") if t}
    skip = {t for t in args.skip.split(",") if t}
    SECTIONS.mkdir(parents=True, exist_ok=True)
    for topic in topics():
        if (not only or topic in only) and topic not in skip:
            run(topic)
    (REPO / "docs" / "benchmarks.md").write_text(assemble())
    print("wrote docs/benchmarks.md", file=sys.stderr)


if __name__ == "__main__":
    main()
