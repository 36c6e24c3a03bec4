"""Importers: VICS, RDSv3, legacy RDS, text, CSV and PDQ lists built here; errors name the place; one transaction."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from heroes.hashsets.entries import ImportFormatError
from heroes.hashsets.formats import detect, parse
from heroes.hashsets.store import BankStore


def h(algo: str, n: int) -> str:
    return hashlib.new(algo, f"benign sample {n}".encode()).hexdigest()


@pytest.fixture
def store(tmp_path):
    with BankStore(f"sqlite:///{tmp_path / 'banks.sqlite'}") as s:
        yield s


def vics_doc(items):
    return {
        "@odata.context": "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media",
        "value": items,
    }


def test_vics_imports_md5_sha1_photodna_category(tmp_path, store):
    items = [
        {"MediaID": 1, "MD5": h("md5", 1).upper(), "SHA1": h("sha1", 1), "Category": 1, "PhotoDNA": "AAECAwQF" * 18},
        {"MediaID": 2, "MD5": h("md5", 2), "Category": 0},
        {"MediaID": 3, "SHA1": h("sha1", 3)},
    ]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(vics_doc(items)))
    fmt, entries = parse(path)
    assert fmt == "vics"
    assert store.import_entries("vic", entries, scheme="vics") == 5
    assert store.counts()["vic"] == {"md5": 2, "sha1": 2, "photodna": 1}
    hits = store.lookup("md5", [h("md5", 1)])
    assert [(x.category, x.media_id, x.bank.name) for x in hits] == [("1", "1", "vic")]
    assert store.lookup("sha1", [h("sha1", 3)])[0].category == "uncategorised"  # the scheme's default


def test_vics_errors_name_the_json_path_or_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(vics_doc([{"MD5": h("md5", 1)}, {"MD5": "nothex"}])))
    with pytest.raises(ImportFormatError, match=r"\$\.value\[1\]\.MD5"):
        list(parse(bad, "vics")[1])
    bad.write_text('{\n "@odata.context": "x",\n "value": [,]\n}')
    with pytest.raises(ImportFormatError, match="line 3"):
        list(parse(bad, "vics")[1])
    bad.write_text(json.dumps({"value": []}))
    with pytest.raises(ImportFormatError, match="odata"):
        list(parse(bad, "vics")[1])


def test_a_failed_import_leaves_the_bank_as_it_was_and_reimport_adds_nothing(tmp_path, store):
    good = tmp_path / "good.txt"
    good.write_text("# md5 list\n" + "\n".join(h("md5", i) for i in range(10)) + "\n")
    assert store.import_entries("plain", parse(good)[1]) == 10
    assert store.import_entries("plain", parse(good)[1]) == 0  # idempotent
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join([h("sha1", 50), h("sha256", 51), "zz-not-a-hash", h("md5", 52)]) + "\n")
    with pytest.raises(ImportFormatError, match=r"^line 3"):
        store.import_entries("plain", parse(bad)[1])
    assert store.counts()["plain"] == {"md5": 10}  # nothing of the failed list stayed
    assert store.lookup("sha1", [h("sha1", 50)]) == []


def test_rdsv3_sqlite_is_known_good(tmp_path, store):
    db = tmp_path / "RDS_2026.03.1_modern_minimal.db"
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE FILE (sha256 TEXT, sha1 TEXT, md5 TEXT, crc32 TEXT, file_name TEXT, "
        "file_size INTEGER, package_id INTEGER)"
    )
    conn.executemany(
        "INSERT INTO FILE VALUES (?,?,?,?,?,?,?)",
        [(h("sha256", i).upper(), h("sha1", i), h("md5", i), "0", f"f{i}.dll", 10, 1) for i in range(5)],
    )
    conn.commit()
    conn.close()
    fmt, entries = parse(db)
    assert fmt == "nsrl"
    assert store.import_entries("nsrl", entries, kind="known", scheme="nsrl") == 5
    assert store.lookup("sha256", [h("sha256", 3)])[0].bank.kind == "known"


def test_legacy_rds_text(tmp_path, store):
    path = tmp_path / "NSRLFile.txt"
    rows = ['"SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"']
    rows += [f'"{h("sha1", i).upper()}","{h("md5", i).upper()}","00000000","a{i}.exe",1,1,"WIN",""' for i in range(3)]
    path.write_text("\n".join(rows) + "\n")
    assert detect(path) == "rds"
    assert store.import_entries("rds", parse(path, "nsrl")[1], kind="known", scheme="nsrl") == 3
    path.write_text(rows[0] + '\n"nothex","x"\n')
    with pytest.raises(ImportFormatError, match="line 2"):
        list(parse(path, "nsrl")[1])


def test_csv_and_pdq_lists(tmp_path, store):
    csv_path = tmp_path / "list.csv"
    csv_path.write_text(f"name,MD5,SHA-1,category\nx.jpg,{h('md5', 1)},{h('sha1', 1)},B\ny.jpg,{h('md5', 2)},,A\n")
    assert store.import_entries("caid", parse(csv_path)[1], scheme="caid") == 3
    assert store.lookup("md5", [h("md5", 2)])[0].category == "A"
    csv_path.write_text(f"md5,category\n{h('md5', 3)},Z\n")
    with pytest.raises(ValueError, match="'Z' is not in scheme 'caid'"):
        store.import_entries("caid", parse(csv_path)[1])
    pdq = tmp_path / "list.pdq"
    pdq.write_text(f"{h('sha256', 1)},100\n{h('sha256', 2)} 80\n{h('sha256', 3)}\n")
    assert store.import_entries("pdq", parse(pdq, "pdq")[1]) == 3
    pdq.write_text(f"{h('sha256', 1)},100\n{h('sha256', 2)},101\n")
    with pytest.raises(ImportFormatError, match="line 2: PDQ quality"):
        list(parse(pdq, "pdq")[1])
    raw, bank_ids, cats = store.pdq_arrays()
    assert raw.shape == (3, 32) and len(set(bank_ids.tolist())) == 1 and cats == ["listed"] * 3


def test_bank_kind_conflict_is_refused(tmp_path, store):
    path = tmp_path / "l.txt"
    path.write_text(h("md5", 1) + "\n")
    store.import_entries("b", parse(path)[1], kind="negative")
    with pytest.raises(ValueError, match="kind"):
        store.import_entries("b", parse(path)[1], kind="known")
    assert next(iter(store.banks().values())).kind == "negative"
