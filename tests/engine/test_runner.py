"""End-to-end triage runs: every item yields a file record, workers and Dask agree, the evidence stays untouched."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import distributed
import pytest

from heroes.engine.runner import run_triage


def make_tree(root: Path, n: int = 30) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub" / "deeper").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        folder = root if i % 3 == 0 else root / "sub" if i % 3 == 1 else root / "sub" / "deeper"
        (folder / f"note{i:03d}.txt").write_text(
            f"Note {i}. Contact me on +44 20 7946 0{i % 10:03d} or mail person{i}@example.org\n" * (i + 1)
        )
    (root / "empty.bin").write_bytes(b"")
    return root


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def canonical(records: list[dict]) -> list[str]:
    """Records without what names the container (the evidence path, the locator chain that starts from it)."""
    return sorted(
        json.dumps({k: v for k, v in r.items() if k not in {"evidence", "locator"}}, sort_keys=True) for r in records
    )


def test_every_item_yields_a_file_record(tmp_path):
    tree = make_tree(tmp_path / "evidence")
    result = run_triage(str(tree), "t", tmp_path / "out")
    records = read_jsonl(result.jsonl)
    files = [r for r in records if r["kind"] == "file"]
    on_disk = sorted(str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file())
    assert sorted(r["path"] for r in files) == on_disk
    for record in files:
        data = (tree / record["path"]).read_bytes()
        assert record["md5"] == hashlib.md5(data).hexdigest()
        assert record["sha1"] == hashlib.sha1(data).hexdigest()
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["size"] == len(data) and record["deleted"] is False and record["mime"]
    assert result.report.is_file() and result.jsonld.is_file() and result.timeline.is_file()


def test_process_pool_gives_the_same_findings(tmp_path):
    tree = make_tree(tmp_path / "evidence")
    inline = run_triage(str(tree), "t", tmp_path / "one")
    pooled = run_triage(str(tree), "t", tmp_path / "two", workers=2)
    assert canonical(read_jsonl(inline.jsonl)) == canonical(read_jsonl(pooled.jsonl))


def test_dask_cluster_gives_the_same_findings(tmp_path):
    tree = make_tree(tmp_path / "evidence", n=12)
    inline = run_triage(str(tree), "t", tmp_path / "one")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address="127.0.0.1:0", processes=True
    ) as cluster:
        dasked = run_triage(str(tree), "t", tmp_path / "two", scheduler=cluster.scheduler_address)
    assert canonical(read_jsonl(inline.jsonl)) == canonical(read_jsonl(dasked.jsonl))


@pytest.fixture
def postgres_url():
    """A database on a PostgreSQL server of its own (the store tests' server class, tests/store/conftest.py)."""
    spec = importlib.util.spec_from_file_location("store_conftest", Path(__file__).parents[1] / "store" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server = module.PostgresServer()
    try:
        yield server.create_database()
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.postgres
def test_a_cluster_of_separate_processes_on_postgresql_gives_the_same_findings(tmp_path, postgres_url, dask_cluster):
    """`dask scheduler` and two `dask worker` processes on loopback, the case store on PostgreSQL, the CLI as a user
    runs it: the same findings as a one-process run into SQLite."""
    tree = make_tree(tmp_path / "evidence", n=24)
    bin_dir = Path(sys.executable).parent
    with dask_cluster(tmp_path, 2) as address:
        cluster = subprocess.run(
            [
                bin_dir / "heroes",
                "triage",
                str(tree),
                "--out",
                str(tmp_path / "cluster"),
                "--db",
                postgres_url,
                "--scheduler",
                address,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert cluster.returncode == 0, cluster.stderr[-2000:]
    one = subprocess.run(
        [bin_dir / "heroes", "triage", str(tree), "--out", str(tmp_path / "one"), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert one.returncode == 0, one.stderr[-2000:]
    clustered = read_jsonl(tmp_path / "cluster" / "findings.jsonl")
    assert len([r for r in clustered if r["kind"] == "file"]) == 25
    assert canonical(clustered) == canonical(read_jsonl(tmp_path / "one" / "findings.jsonl"))


def sha256_noatime(path: Path) -> str:
    """Hash without touching the access time, so the test itself does not change what it checks."""
    fd = os.open(path, os.O_RDONLY | os.O_NOATIME)
    with os.fdopen(fd, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def snapshot(root: Path) -> dict[str, tuple]:
    state = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        digest = sha256_noatime(path) if path.is_file() else ""
        state[str(path)] = (digest, st.st_mtime_ns, st.st_atime_ns, st.st_size, st.st_mode)
    return state


def test_evidence_is_left_unchanged(tmp_path, disk_images):
    tree = make_tree(tmp_path / "evidence")
    # make atimes old so that a relatime mount would update them on a read
    for path in tree.rglob("*"):
        os.utime(path, ns=(1_000_000_000_000_000_000, path.lstat().st_mtime_ns), follow_symlinks=False)
    before = snapshot(tree)
    run_triage(str(tree), "t", tmp_path / "out")
    assert snapshot(tree) == before


def test_a_disk_image_is_left_unchanged_and_its_hash_recorded(tmp_path, disk_images):
    image = tmp_path / "ext2.raw"
    image.write_bytes((disk_images / "dfvfs-ext2.raw").read_bytes())
    os.utime(image, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = snapshot(tmp_path)
    result = run_triage(str(image), "t", tmp_path / "out")
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if "/out" not in k} == before
    report = result.report.read_text(encoding="utf-8")
    assert "196066add11fb71c4c49cf1bb50d6d24" in report  # the image's MD5, as ewfinfo records it


def test_raw_and_e01_copies_give_the_same_findings(tmp_path, disk_images):
    raw = run_triage(str(disk_images / "dfvfs-ext2.raw"), "raw", tmp_path / "raw")
    ewf = run_triage(str(disk_images / "dfvfs-ext2.E01"), "ewf", tmp_path / "ewf")
    raw_records = [r for r in read_jsonl(raw.jsonl) if r["kind"] != "error"]
    assert {r["path"] for r in raw_records if r["kind"] == "file"} >= {
        "a_directory/a_file",
        "a_directory/another_file",
        "passwords.txt",
    }
    ewf_records = [r for r in read_jsonl(ewf.jsonl) if r["kind"] not in ("error", "verification")]
    assert canonical(raw_records) == canonical(ewf_records)
    (check,) = [r for r in read_jsonl(ewf.jsonl) if r["kind"] == "verification"]  # only the E01 stores a hash
    assert check["verified"] is True


def test_triage_of_a_seized_ntfs_image_finds_deleted_files_and_hidden_types(tmp_path, dftt_image):
    result = run_triage(str(dftt_image("dftt-8-jpeg-search.zip")), "jpeg", tmp_path / "out", workers=2)
    records = read_jsonl(result.jsonl)
    files = {r["path"]: r for r in records if r["kind"] == "file"}
    assert files["del1/file6.jpg"]["deleted"] is True
    assert files["del1/file6.jpg"]["md5"] == "afd55222024a4e22f7f5a3a665320763"
    assert files["misc/file13.dll:here"]["md5"] == "9b787e63e3b64562730c5aecaab1e1f8"
    assert files["archive/file9.boo!/file9.jpg"]["md5"] == "c5a6917669c77d20f30ecb39d389eb7d"
    assert files["archive/file10.tar.gz!/file10.jpg"]["md5"] == "c476a66ccdc2796b4f6f8e27273dd788"
    mismatched = {r["path"] for r in records if r["kind"] == "mismatch"}
    assert {"alloc/file2.dat", "del2/file7.hmm", "archive/file9.boo"} <= mismatched
    assert "alloc/file1.jpg" not in mismatched


def test_damaged_evidence_end_to_end(tmp_path, disk_images, dftt_image):
    """A truncated image and an E01 through a whole run, twice: incomplete files keep no hashes, every gap and
    the E01 check are findings in every export, and a rerun adds nothing."""
    cut = tmp_path / "cut.dd"
    data = dftt_image("dftt-8-jpeg-search.zip").read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    for _ in range(2):
        run_triage(str(cut), "c", out)
        result = run_triage(str(disk_images / "dfvfs-ext2.E01"), "c", out)
    records = read_jsonl(result.jsonl)
    files = {r["path"]: r for r in records if r["kind"] == "file" and r["evidence"].endswith("cut.dd")}
    partial = [r for r in files.values() if r.get("complete") is False]
    assert partial and all("md5" not in r and r["bytes_read"] < r["size"] for r in partial)
    errors = {r["path"] for r in records if r["kind"] == "error"}
    assert {r["path"] for r in partial} <= errors and "/" in errors  # each file, and the volume, said aloud
    assert files["alloc/file1.jpg"]["md5"] == "75b8d00568815a36c3809b46fc84ba6d"  # wholly inside: answer key
    (check,) = [r for r in records if r["kind"] == "verification"]
    assert check["verified"] is True and check["path"] == "dfvfs-ext2.E01"
    assert len(records) == len({json.dumps(r, sort_keys=True) for r in records})  # the rerun duplicated nothing
    assert "incomplete read" in result.report.read_text(encoding="utf-8")
