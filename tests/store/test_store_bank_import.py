"""Hash banks on both backends: the bulk import (executemany on SQLite, COPY on PostgreSQL) and the PDQ index saved
beside the bank, memory-mapped on the next open and rebuilt when the entries change."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from heroes.hashsets.formats import parse
from heroes.hashsets.index import brute_force
from heroes.hashsets.index_file import PdqBankIndex
from heroes.hashsets.match import Matcher
from heroes.hashsets.store import BankStore


def h(algo: str, n: int) -> str:
    return hashlib.new(algo, f"benign sample {n}".encode()).hexdigest()


@pytest.fixture(autouse=True)
def _state_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # where a server bank's index folder goes


def _pdq_list(path, rows):
    path.write_text("".join(f"{r.tobytes().hex()},90\n" for r in rows))
    return parse(path, "pdq")[1]


def test_bulk_import_skips_duplicates_and_keeps_every_field(tmp_path, store_url):
    csv_path = tmp_path / "list.csv"
    csv_path.write_text(f"name,md5,category\nx.jpg,{h('md5', 1)},B\n,{h('md5', 2)},A\n,{h('md5', 2)},A\n")
    with BankStore(store_url) as store:
        assert store.import_entries("caid", parse(csv_path)[1], scheme="caid") == 2
        assert store.import_entries("caid", parse(csv_path)[1]) == 0  # re-import adds nothing
        hits = store.lookup("md5", [h("md5", 1), h("md5", 2)])
        assert sorted((x.value, x.category) for x in hits) == sorted([(h("md5", 1), "B"), (h("md5", 2), "A")])
        rng = np.random.default_rng(3)
        bank = rng.integers(0, 256, (3000, 32), dtype=np.uint8)
        assert store.import_entries("pdq", _pdq_list(tmp_path / "l.pdq", bank)) == 3000
        raw, bank_ids, cats = store.pdq_arrays()
        assert sorted(map(bytes, raw)) == sorted(map(bytes, bank))  # the ids of one import follow the values
        assert cats == ["listed"] * 3000 and len(set(bank_ids.tolist())) == 1


def test_pdq_index_is_saved_mapped_and_rebuilt_when_the_bank_changes(tmp_path, store_url):
    rng = np.random.default_rng(4)
    bank = rng.integers(0, 256, (2000, 32), dtype=np.uint8)
    with BankStore(store_url) as store:
        store.import_entries("one", _pdq_list(tmp_path / "a.pdq", bank[:1500]))
        first = store.pdq_index()
        assert isinstance(first.index.hashes, np.memmap)  # saved, then mapped: workers share the pages
        again = store.pdq_index()
        assert isinstance(again.index.hashes, np.memmap) and again.index.size == 1500
        store.import_entries("two", _pdq_list(tmp_path / "b.pdq", bank[1500:]), scheme="caid")
        grown = store.pdq_index()  # a new version: rebuilt, never the stale folder
        hashes = np.asarray(grown.index.hashes)
        assert grown.index.size == 2000 and sorted(map(bytes, hashes)) == sorted(map(bytes, bank))
        assert {grown.category(0), grown.category(1999)} == {"listed", "uncategorised"}
        queries = bank[::97]
        assert grown.index.search(queries, 31) == brute_force(hashes, queries, 31)
        matches = Matcher(store).pdq_batch([q[None, :] for q in queries])
        assert [m[0].value for m in matches] == [q.tobytes().hex() for q in queries]


def test_a_stale_or_damaged_index_folder_is_not_read(tmp_path):
    rng = np.random.default_rng(5)
    built = PdqBankIndex.build(rng.integers(0, 256, (50, 32), dtype=np.uint8), np.ones(50, np.int32), [None] * 50)
    folder = tmp_path / "x.pdq-index"
    built.save(folder, "v1")
    assert PdqBankIndex.load(folder, "v1") is not None
    assert PdqBankIndex.load(folder, "v2") is None
    (folder / "ids.npy").write_bytes(b"broken")
    assert PdqBankIndex.load(folder, "v1") is None
