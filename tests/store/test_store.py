"""CaseStore behaviour on both backends (``store_url`` is SQLite and PostgreSQL, see conftest.py)."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from heroes.core.finding import Finding, error
from heroes.store import CaseStore, default_url


def key(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()


def file_finding(path: str, **data) -> Finding:
    return Finding("file", path, {"size": 3, "md5": "0" * 32, **data}, analyser="hash")


@pytest.fixture
def store(store_url):
    s = CaseStore(store_url)
    yield s
    s.close()


def test_case_and_evidence_are_get_or_create(store):
    a = store.case("operation-a")
    assert store.case("operation-a") == a
    b = store.case("operation-b")
    assert b != a
    assert store.find_case("operation-a") == a
    assert store.find_case("nope") is None
    e1 = store.evidence(a, "/images/disk.E01", "ewf", {"examiner": "x"})
    assert store.evidence(a, "/images/disk.E01", "ewf", {}) == e1
    assert store.evidence(b, "/images/disk.E01", "ewf", {}) != e1  # same file, other case: other evidence
    [ev] = store.evidence_list(a)
    assert ev["description"] == {"examiner": "x"}
    assert ev["status"] == "running" and ev["finished"] is None
    assert ev["hashes"] == {} and ev["path"] == "/images/disk.E01" and ev["kind"] == "ewf"


def test_save_records_and_counts(store):
    c = store.case("c")
    e = store.evidence(c, "/ev/dir", "directory", {})
    assert store.save_item(
        e,
        key("b.txt"),
        "b.txt",
        [file_finding("b.txt"), Finding("entity:phone", "b.txt", {"value": "+3212345678"}, "entities", offset=7)],
    )
    assert store.save_item(e, key("a.txt"), "a.txt", [file_finding("a.txt"), error("a.txt", "truncated", "pdf")])
    recs = list(store.records(c))
    assert [(r["path"], r["kind"]) for r in recs] == [
        ("a.txt", "file"),
        ("a.txt", "error"),
        ("b.txt", "file"),
        ("b.txt", "entity:phone"),
    ]
    assert recs[3] == {
        "kind": "entity:phone",
        "path": "b.txt",
        "value": "+3212345678",
        "offset": 7,
        "analyser": "entities",
        "evidence": "/ev/dir",
    }
    assert recs[1] == {**error("a.txt", "truncated", "pdf").record(), "evidence": "/ev/dir"}
    assert [r["path"] for r in store.records(c, {"entity:phone", "error"})] == ["a.txt", "b.txt"]
    assert list(store.records(c, set())) == []
    assert store.counts(c) == {"entity:phone": 1, "error": 1, "file": 2}
    [row] = store.cases()
    assert row["name"] == "c" and row["evidence"] == 1 and row["findings"] == 4
    assert datetime.fromisoformat(row["created"]).utcoffset().total_seconds() == 0


def test_records_order_is_evidence_then_bytewise_path(store):
    c = store.case("c")
    e2 = store.evidence(c, "/ev/2", "directory", {})
    e1 = store.evidence(c, "/ev/1", "directory", {})
    names = ["b", "B", "a", "é", "Z", "_x", "a/b"]
    for name in names:
        store.save_item(e1, key(name), name, [file_finding(name)])
    store.save_item(e2, key("0"), "0", [file_finding("0")])
    got = [(r["evidence"], r["path"]) for r in store.records(c)]
    assert got == [("/ev/2", "0")] + [("/ev/1", n) for n in sorted(names)]


def test_saving_the_same_key_twice_keeps_one_copy(store):
    c = store.case("c")
    e = store.evidence(c, "/ev", "directory", {})
    assert store.save_item(e, key("x"), "x", [file_finding("x")]) is True
    assert store.save_item(e, key("x"), "x", [file_finding("x", size=99), error("x", "again")]) is False
    assert (
        store.save_items(
            e,
            [
                (key("y"), "y", [file_finding("y")]),
                (key("y"), "y", [file_finding("y")]),
                (key("x"), "x", [file_finding("x")]),
            ],
        )
        == 1
    )
    assert store.counts(c) == {"file": 2}
    assert [r["size"] for r in store.records(c)] == [3, 3]


def test_resume_skips_done_keys(store):
    c = store.case("c")
    e = store.evidence(c, "/ev", "directory", {})
    paths = [f"dir/file{i}.bin" for i in range(10)]
    for p in paths[:4]:  # the first run dies after four items
        store.save_item(e, key(p), p, [file_finding(p)])
    assert store.done_keys(e) == {key(p) for p in paths[:4]}
    todo = [p for p in paths if key(p) not in store.done_keys(e)]
    assert todo == paths[4:]
    assert store.save_items(e, [(key(p), p, [file_finding(p)]) for p in paths]) == 6
    assert store.done_keys(e) == {key(p) for p in paths}
    assert store.counts(c) == {"file": 10}
    store.finish_evidence(e)
    [ev] = store.evidence_list(c)
    assert ev["status"] == "complete" and ev["finished"] is not None


def test_items_without_findings_are_still_done(store):
    c = store.case("c")
    e = store.evidence(c, "/ev", "directory", {})
    store.save_item(e, key("empty"), "empty", [])
    assert store.done_keys(e) == {key("empty")}
    assert list(store.records(c)) == []


def test_a_failed_save_leaves_nothing_behind(store):
    c = store.case("c")
    e = store.evidence(c, "/ev", "directory", {})
    bad = Finding(None, "x", {}, "broken")  # type: ignore[arg-type]  # NOT NULL kind: the findings insert fails
    with pytest.raises((IntegrityError, StatementError)):
        store.save_items(e, [(key("ok"), "ok", [file_finding("ok")]), (key("x"), "x", [file_finding("x"), bad])])
    assert store.done_keys(e) == set()  # neither item's done mark, although the items insert had succeeded
    assert store.counts(c) == {}
    assert store.save_item(e, key("x"), "x", [file_finding("x")])  # and the key is still free
    assert store.counts(c) == {"file": 1}


def test_surrogate_paths_round_trip(store):
    name = "caf\udce9.txt"  # a Latin-1 file name on a UTF-8 system, as os.listdir returns it
    c = store.case("c")
    e = store.evidence(c, "/mnt/\udcff/image.dd", "raw", {"source": "/mnt/\udcff"})
    assert store.save_item(e, key(name), name, [file_finding(name, member="x\udce9\x00y")])
    [rec] = store.records(c)
    assert rec["path"] == name
    assert rec["member"] == "x\udce9\x00y"
    assert rec["evidence"] == "/mnt/\udcff/image.dd"
    assert store.evidence(c, "/mnt/\udcff/image.dd", "raw", {}) == e
    assert store.evidence_list(c)[0]["description"] == {"source": "/mnt/\udcff"}
    assert store.done_keys(e) == {key(name)}


def test_json_data_round_trip(store):
    data = {
        "int": 2**53,
        "neg": -1,
        "float": 0.1,
        "bool": False,
        "none": None,
        "list": ["a", 1, None],
        "unicode": "Привет 👋",
        "quote": 'he said "hi"\n',
        "nested": {"a": [1, {"b": "c"}]},
    }
    c = store.case("c")
    e = store.evidence(c, "/ev", "directory", {"options": {"deep": True}, "count": 3})
    store.save_item(e, key("f"), "f", [Finding("exif", "f", data, "exif")])
    [rec] = store.records(c)
    assert {k: rec[k] for k in data} == data
    assert type(rec["float"]) is float and type(rec["int"]) is int


def test_evidence_hashes(store):
    c = store.case("c")
    e = store.evidence(c, "/ev/disk.dd", "raw", {})
    store.set_evidence_hashes(e, "1" * 32, "2" * 64, 2**40)
    [ev] = store.evidence_list(c)
    assert (ev["md5"], ev["sha256"], ev["size"]) == ("1" * 32, "2" * 64, 2**40)
    assert ev["hashes"] == {"md5": "1" * 32, "sha256": "2" * 64}
    with pytest.raises(KeyError):
        store.set_evidence_hashes(e + 100, None, None, None)


def test_a_second_store_sees_the_first_ones_commits(store_url):
    writer = CaseStore(store_url)
    reader = CaseStore(store_url)  # also re-runs the upgrade: must be a no-op
    try:
        c = writer.case("c")
        e = writer.evidence(c, "/ev", "directory", {})
        writer.save_item(e, key("a"), "a", [file_finding("a")])
        stream = reader.records(c)
        assert next(stream)["path"] == "a"
        writer.save_item(e, key("b"), "b", [file_finding("b")])  # the writer is not blocked by an open reader
        stream.close()
        assert reader.done_keys(e) == {key("a"), key("b")}
        assert reader.case("c") == c
    finally:
        reader.close()
        writer.close()


def test_default_url_is_a_sqlite_file_in_the_output_folder(tmp_path):
    url = default_url(tmp_path / "out")
    assert url == f"sqlite:///{tmp_path}/out/case.sqlite"
    with CaseStore(url) as s:
        s.case("c")
    assert (tmp_path / "out" / "case.sqlite").is_file()
