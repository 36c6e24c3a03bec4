"""Triage figures: build the ~1 GB tree, time our hash pass against hashdeep and a full `heroes triage`, and write
docs/bench/triage.md with the machine, the date, the exact commands and the results (`make bench` runs it).

    python bench/bench_triage.py [--tree bench-data/tree] [--repeats 3] [--skip-triage] [--scale 1.0]

Every timed command runs once as a warm-up (which also warms the page cache), then `--repeats` times; we
report the median wall time, measured by this script around the whole command, start-up included.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import magic

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_tree  # a sibling script, not a package

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_RATIO = 1.5
TARGET_RSS_MB = 500


@dataclass
class Timing:
    command: list[str]
    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def _run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - started


def _shown(path: Path) -> Path:
    """Paths inside the repository are written relative to it (commands run from the repository root)."""
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def sniff_cost(root: Path, sample: int = 1500) -> dict[str, tuple[int, float]]:
    """Mean milliseconds of one libmagic call (hashpass.sniff_mime on the 64 KiB head), per file extension."""
    from heroes.engine.hashpass import MAGIC_HEAD, sniff_mime

    paths = sorted(p for p in root.rglob("*") if p.is_file())
    paths = paths[:: max(1, len(paths) // sample)]
    spent: dict[str, list[float]] = {}
    for path in paths:
        with open(path, "rb") as handle:
            head = handle.read(MAGIC_HEAD)
        started = time.perf_counter()
        sniff_mime(head)
        spent.setdefault(path.suffix.lstrip(".") or "(none)", []).append(time.perf_counter() - started)
    return {ext: (len(t), 1000 * sum(t) / len(t)) for ext, t in sorted(spent.items())}


def time_pair(ours: list[str], theirs: list[str], repeats: int) -> tuple[Timing, Timing]:
    """Warm up both, then alternate them so drifting machine load hits both alike."""
    a, b = Timing(ours), Timing(theirs)
    _run(ours), _run(theirs)
    for _ in range(repeats):
        a.runs.append(_run(ours))
        b.runs.append(_run(theirs))
    return a, b


def tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    flags = re.search(r"^flags\s*:\s*(.+)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    hashdeep = subprocess.run(["hashdeep", "-V"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return {
        "CPU": model.group(1) if model else platform.processor() or "unknown",
        "cores (os.cpu_count)": str(os.cpu_count()),
        "SHA extensions (sha_ni)": "yes" if flags and "sha_ni" in flags.group(1).split() else "no",
        "RAM": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "hashdeep": hashdeep,
        "libmagic": str(magic.version()),
        "git commit": commit.stdout.strip() or "unknown",
        "date (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        # other work on the machine slows the Python side more than hashdeep; a quiet machine gives fairer figures
        "load average (1 min) at start": f"{os.getloadavg()[0]:.2f}",
    }


def _tree_memory(root_pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) over a process and its descendants. RSS counts pages shared by forked workers
    once per process (an upper bound); PSS shares them out, so its sum is the tree's real footprint."""
    import psutil

    try:
        proc = psutil.Process(root_pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    rss = pss = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            full = p.memory_full_info()
            rss += full.rss
            pss += getattr(full, "pss", full.rss)
    return rss, pss


def time_triage(tree: Path, out: Path, workers: int) -> dict[str, object]:
    """One cold-output run of the CLI under /usr/bin/time -v, with the whole process tree's RSS polled."""
    shutil.rmtree(out, ignore_errors=True)
    command = [_shown_bin("heroes"), "triage", str(_shown(tree)), "--out", str(_shown(out)), "--workers", str(workers)]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        wrapped = ["/usr/bin/time", "-v", "-o", report.name, *command]
        peak_rss = peak_pss = 0
        started = time.perf_counter()
        proc = subprocess.Popen(wrapped, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr: list[bytes] = []
        reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.2)
        wall = time.perf_counter() - started
        reader.join()
        if proc.returncode:
            tail = b"".join(stderr).decode(errors="replace")[-2000:]
            raise RuntimeError(f"triage failed ({proc.returncode}): {tail}")
        text = Path(report.name).read_text()
    max_rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return {
        "command": command,
        "seconds": wall,
        "peak_tree_rss": peak_rss,
        "peak_tree_pss": peak_pss,
        "max_single_rss": int(max_rss.group(1)) * 1024 if max_rss else 0,
    }


def hash_rows(tree: Path, repeats: int) -> list[dict[str, object]]:
    rows = []
    workers = os.cpu_count() or 1
    for label, root in (
        ("whole tree", tree),
        ("large binaries only", tree / "large"),
        ("small text/JSON/HTML only", tree / "docs"),
    ):
        files, size = tree_size(root)
        shown = str(_shown(root))
        ours = [_shown_bin("python"), "bench/hash_tree.py", shown, "--workers", str(workers)]
        theirs = ["hashdeep", "-r", "-c", "md5,sha1,sha256", shown]
        a, b = time_pair(ours, theirs, repeats)
        rows.append({"label": label, "files": files, "bytes": size, "ours": a, "hashdeep": b})
        print(f"hash {label}: ours {a.median:.2f}s hashdeep {b.median:.2f}s", file=sys.stderr)
    return rows


def _shown_bin(name: str) -> str:
    return str(_shown(BIN / name))


def _mbs(size: int, seconds: float) -> str:
    return f"{size / 1e6 / seconds:.0f}"


def render(
    info: dict[str, str], tree: Path, scale: float, files: int, size: int, rows, sniff, triage, repeats: int
) -> str:
    lines = ["## triage", "", "Generated by `python bench/bench_triage.py` (part of `make bench`).", ""]
    lines += ["### Machine", "", "| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in info.items()), ""]
    lines += [
        "### Data",
        "",
        f"`python bench/make_tree.py {tree}`: a deterministic tree of {files} files, {size / 1e6:.0f} MB "
        f"(scale {scale}: small text/JSON/HTML files of 1-16 KiB, drawn JPEGs with grain, zip archives of text "
        "and photos, random binaries of up to 200 MiB). Page cache warm for every run.",
        "",
        "### Hash pass: MD5 + SHA-1 + SHA-256",
        "",
        f"Ours: `heroes.engine.hashpass.hash_item` on every file in a process pool of os.cpu_count() workers "
        "(`bench/hash_tree.py`): one read per file for the three digests, as hashdeep does. "
        f"Anchor: hashdeep. One warm-up each, then {repeats} alternating runs; median wall time of the whole "
        f"command, start-up included. Target: ours/hashdeep >= {TARGET_RATIO}x.",
        "",
        "| set | files | MB | ours s | ours MB/s | hashdeep s | hashdeep MB/s | ours/hashdeep |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        a, b = row["ours"], row["hashdeep"]
        lines.append(
            f"| {row['label']} | {row['files']} | {row['bytes'] / 1e6:.0f} | {a.median:.2f} | "
            f"{_mbs(row['bytes'], a.median)} | {b.median:.2f} | {_mbs(row['bytes'], b.median)} | "
            f"{b.median / a.median:.2f}x |"
        )
    lines += ["", "All runs (seconds):", ""]
    for row in rows:
        lines.append(
            f"- {row['label']}: ours {[round(t, 2) for t in row['ours'].runs]}, "
            f"hashdeep {[round(t, 2) for t in row['hashdeep'].runs]}"
        )
    lines += ["", "Commands:", "", "```"]
    for row in rows:
        lines += [shlex.join(row["ours"].command), shlex.join(row["hashdeep"].command) + " > /dev/null"]
    lines += [
        "```",
        "",
        "What typing by signature costs in triage (not in the hash pass above): one libmagic call "
        "(`hashpass.sniff_mime` on the first 64 KiB the hash pass kept, one process), by extension.",
        "",
        "| extension | files sampled | ms per call |",
        "|---|---:|---:|",
        *(f"| {ext} | {n} | {ms:.2f} |" for ext, (n, ms) in sniff.items()),
        "",
        "### Full triage",
        "",
    ]
    if isinstance(triage, str):
        lines += [f"Not measured: {triage}", ""]
    else:
        seconds = triage["seconds"]
        lines += [
            f"`heroes triage` end to end (walk, hash, type, every analyser, archive expansion, store, exports), "
            f"one run into an empty output folder. Peak memory target: < {TARGET_RSS_MB} MB for the whole "
            "process tree.",
            "",
            "| files | MB | seconds | files/s | MB/s | peak PSS, process tree (MB) | peak RSS, process tree (MB) "
            "| max RSS, one process (MB) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {files} | {size / 1e6:.0f} | {seconds:.1f} | {files / seconds:.0f} | {_mbs(size, seconds)} | "
            f"{triage['peak_tree_pss'] / 1e6:.0f} | {triage['peak_tree_rss'] / 1e6:.0f} | "
            f"{triage['max_single_rss'] / 1e6:.0f} |",
            "",
            "Process tree: the CLI and all its workers, polled every 0.2 s with psutil. PSS shares the pages "
            "that forked workers have in common among them (the tree's real footprint, compared with the target); "
            "the RSS sum counts them once per process (an upper bound). Max RSS of one process: "
            "`/usr/bin/time -v` (the largest single process). Files and MB are those of the tree on disk; triage "
            "also reads the members of the zip archives.",
            "",
            "```",
            "/usr/bin/time -v " + shlex.join(triage["command"]),
            "```",
            "",
        ]
    lines += [
        "### Reproduce",
        "",
        "```",
        "make bench",
        "```",
        "",
        "The tree is built once into `bench-data/tree` (a marker `bench-data/tree.complete` skips "
        "regeneration); `python bench/bench_triage.py --help` lists the options.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, default=REPO / "bench-data" / "tree")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "bench" / "triage.md")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="triage worker processes")
    parser.add_argument("--scale", type=float, default=1.0, help="tree scale (1.0 = ~1 GB)")
    parser.add_argument("--skip-triage", action="store_true")
    args = parser.parse_args()

    tree = args.tree.resolve()
    make_tree.build(tree, args.scale)
    files, size = tree_size(tree)
    info = machine()
    rows = hash_rows(tree, args.repeats)
    sniff = sniff_cost(tree)
    triage: dict[str, object] | str
    if args.skip_triage:
        triage = "skipped (--skip-triage)"
    elif subprocess.run([str(BIN / "heroes"), "triage", "--help"], capture_output=True).returncode:
        triage = "`heroes triage --help` does not run here"
    else:
        triage = time_triage(tree, tree.parent / "triage-out", args.workers)
        print(f"triage: {json.dumps({k: v for k, v in triage.items() if k != 'command'})}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(info, _shown(tree), args.scale, files, size, rows, sniff, triage, args.repeats))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
