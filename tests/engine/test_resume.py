"""A triage killed with SIGKILL at any point and run again ends with the same findings: none lost, none twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from heroes.engine.runner import run_triage


def heroes_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "heroes.cli.main", *args]


def items_done(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from items").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def make_slow_tree(root: Path, n: int = 240) -> Path:
    root.mkdir()
    block = os.urandom(1 << 18)
    for i in range(n):
        text = f"file {i}: write to owner{i}@example.net, IBAN DE89370400440532013000\n".encode()
        (root / f"f{i:04d}.txt").write_bytes(text + block[: (i * 997) % len(block)])
    return root


def lines(path: Path) -> list[str]:
    return sorted(json.dumps(json.loads(line), sort_keys=True) for line in path.read_text("utf-8").splitlines())


def test_kill_minus_nine_then_resume(tmp_path):
    tree = make_slow_tree(tmp_path / "evidence")
    out = tmp_path / "out"
    db = out / "case.sqlite"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        heroes_cmd("triage", str(tree), "--out", str(out), "--workers", "1", "--case", "r"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 120
    while items_done(db) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    interrupted = items_done(db)
    assert 0 < interrupted < 240, "the kill must land mid-scan"
    assert not (out / "findings.jsonl").exists()

    resumed = subprocess.run(
        heroes_cmd("triage", str(tree), "--out", str(out), "--workers", "1", "--case", "r"),
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "already done" in resumed.stderr

    fresh = run_triage(str(tree), "r", tmp_path / "fresh")
    assert lines(out / "findings.jsonl") == lines(fresh.jsonl)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from items").fetchone()[0] == 240


def _descendants(pid: int) -> set[int]:
    """Every live process below `pid` (workers, the forkserver, the resource tracker), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_minus_nine_leaves_no_worker_and_no_temp_folder(tmp_path):
    tree = make_slow_tree(tmp_path / "evidence")
    out, temp = tmp_path / "out", tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp)}
    args = heroes_cmd("triage", str(tree), "--out", str(out), "--workers", "2", "--case", "r")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while items_done(out / "case.sqlite") < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    family = _descendants(proc.pid)
    assert len(family) >= 3, "workers, forkserver and resource tracker should be running"
    assert list(temp.glob("pymp-*")), "the pool's temp folder should exist while it runs"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in family) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in family if _alive(pid)] == []
    assert list(temp.glob("pymp-*")) == []

    resumed = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    fresh = run_triage(str(tree), "r", tmp_path / "fresh")
    assert lines(out / "findings.jsonl") == lines(fresh.jsonl)
