"""Start-up figures of the `heroes` command: a program that screens or checks one record per call pays the start
every time. Median wall time of 10 runs of each command, next to a bare `python -c pass` (the anchor) measured in
the same run, and the import-time budget of `import heroes.cli.main`.

Run: .venv/bin/python bench/bench_startup.py"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import summary

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RUNS = 10
INDICATORS = {
    "age_group": "adult",
    "purpose": "labour",
    "default": "no",
    "answers": {i: "yes" for i in ("AL-DR-01", "AL-DR-02", "AL-EX-01", "AL-EX-02", "AL-CD-01", "AL-CD-03")},
}
AD = (
    "Hotel work in Dubai, no experience needed. Visa and ticket provided, pay the 500 USD agency fee first. "
    "Contact on WhatsApp only.\n"
)


def median_seconds(argv: list[str]) -> float:
    """Median wall time of RUNS runs, after one warm-up run (so the page cache is warm for every command alike)."""
    subprocess.run(argv, check=True, capture_output=True)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _import_times(code: str) -> dict[str, float]:
    """Cumulative seconds of the imports `python -c code` makes, two levels deep (interpreter start-up included)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    rows = {}
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        # one space before a top-level name, three before its direct imports
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("    "):
            rows[parts[2].strip()] = int(parts[1]) / 1e6
    return rows


def import_budget() -> tuple[float, list[tuple[str, float]]]:
    """Cumulative import time of heroes.cli.main (seconds) and its costliest direct imports."""
    bare = _import_times("pass")  # what the interpreter imports anyway
    rows = _import_times("import heroes.cli.main")
    total = rows.pop("heroes.cli.main")
    top = sorted(((n, t) for n, t in rows.items() if n not in bare), key=lambda r: -r[1])[:5]
    return total, top


def main() -> None:
    heroes = str(BIN / "heroes")
    with tempfile.TemporaryDirectory() as tmp:
        indicators, ad = Path(tmp) / "answers.json", Path(tmp) / "ad.txt"
        indicators.write_text(json.dumps(INDICATORS))
        ad.write_text(AD)
        rows = [
            ("`python -c pass` (anchor)", [sys.executable, "-c", "pass"], None),
            ("`heroes --version`", [heroes, "--version"], 0.3),
            ("`heroes --help`", [heroes, "--help"], 0.3),
            (
                "`heroes screen --indicators answers.json --json`",
                [heroes, "screen", "--indicators", str(indicators), "--json"],
                0.6,
            ),
            ("`heroes jobs check ad.txt`", [heroes, "jobs", "check", str(ad)], 0.6),
        ]
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        machine = summary()
        measured = [(label, median_seconds(argv), target) for label, argv, target in rows]
    anchor = measured[0][1]
    total, top = import_budget()
    out = [
        "## startup",
        "",
        f"Start-up of the `heroes` command, measured {started} on {machine}; Python {sys.version.split()[0]}. "
        "Command modules load only when their command runs (`heroes/cli/main.py`).",
        "",
        "Command: `.venv/bin/python bench/bench_startup.py`",
        "",
        f"| command | median of {RUNS} runs | x anchor | target |",
        "|---|---:|---:|---:|",
    ]
    for label, seconds, target in measured:
        goal = "" if target is None else f"< {target} s ({'met' if seconds < target else 'NOT met'})"
        out.append(f"| {label} | {seconds:.3f} s | {seconds / anchor:.1f} | {goal} |")
    out += [
        "",
        f'Import-time budget: `python -X importtime -c "import heroes.cli.main"` takes {total:.3f} s in all; '
        "its costliest imports: " + ", ".join(f"`{n}` {t * 1000:.0f} ms" for n, t in top) + ".",
        "",
    ]
    print("\n".join(out))


if __name__ == "__main__":
    os.chdir(REPO)
    main()
