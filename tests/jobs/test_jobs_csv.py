"""Batch scoring of CSV files: any subset of EMSCAD's columns, and bad rows that become error records."""

from __future__ import annotations

import gzip
import io

import pytest

from heroes.jobs import check_csv, check_rows, redflags
from heroes.jobs.features import compose

from .conftest import ADS_CSV, labelled_ads


def run(text: str) -> list[dict]:
    return list(check_csv(io.StringIO(text)))


def test_labelled_csv_scores_every_row_in_order():
    out = list(check_csv(ADS_CSV))
    ads = labelled_ads()
    strong = {r.id for r in redflags.rules() if r.strong}
    assert [r["row"] for r in out] == list(range(1, len(ads) + 1))
    for ad, rec in zip(ads, out, strict=True):
        assert rec["label"] in ("fraudulent", "legitimate") and 0 <= rec["risk"] <= 1
        expected = {f for f in ad["flags"].split(";") if f}
        # a batch lists flags only where a strong one fires: the only case where they change the risk
        assert set(rec["red_flags"]) == (expected if expected & strong else set())


def test_batch_flags_give_the_same_risk_as_all_flags(emscad_sample):
    texts = [a["description"] for a in labelled_ads()] + [compose(r) for r in emscad_sample]
    for text in texts:
        every, decisive = redflags.find(text), redflags.find_decisive(text)
        assert redflags.combine(0.1, every) == redflags.combine(0.1, decisive)
        assert [f["id"] for f in decisive] in ([], [f["id"] for f in every])


def test_rows_and_single_check_agree():
    ad = labelled_ads()[0]["description"]
    from heroes.jobs import check

    (rec,) = check_rows([{"description": ad, "job_id": "7"}])
    assert rec["job_id"] == "7" and rec["risk"] == check(ad)["risk"]


def test_extra_and_missing_columns():
    lure = "Hostess work abroad in Dubai. Free flight and accommodation. No papers needed. WhatsApp only."
    out = run(f"job_id,title,shoe_size\n1,Accountant,42\n2,{lure},40\n")
    assert [r["job_id"] for r in out] == ["1", "2"]
    assert "error" not in out[0] and out[0]["red_flags"] == []
    assert out[1]["label"] == "fraudulent" and len(out[1]["red_flags"]) >= 3


def test_bad_rows_do_not_stop_the_batch():
    text = (
        "job_id,title,description\n"
        "1,Clerk,Office work in Leeds\n"
        "2,,\n"  # no text
        "3,Driver\n"  # missing cell
        "4,Cook,Kitchen work,extra\n"  # extra cell
        "5,Nurse,Night shifts\n"
    )
    out = run(text)
    errors = {r["row"]: r["error"] for r in out if "error" in r}
    assert set(errors) == {2, 3, 4}
    assert [r["job_id"] for r in out if "error" not in r] == ["1", "5"]
    assert out[1]["job_id"] == "2"


def test_broken_quote_stops_the_batch_naming_its_line():
    rows = "".join(f"{i},Clerk {i},Office work in Leeds\n" for i in range(7, 207))
    never_closed = "job_id,title,description\n1,Clerk,Office work\n" + '2,"Broken quote,never closed\n' + rows
    with pytest.raises(ValueError, match="line 3: a quoted field opened here is never closed"):
        run(never_closed)
    # closed 200 lines later by another quote: the rows in between would silently become one cell
    swallowed = never_closed + '300,"Quoted" title,x\n'
    with pytest.raises(ValueError, match="line 3: malformed CSV"):
        run(swallowed)


def test_excel_utf8_bom_keeps_the_first_column(tmp_path):
    lure = "Hostess work abroad in Dubai. Free flight and accommodation. No papers needed. WhatsApp only."
    plain = tmp_path / "plain.csv"
    plain.write_text(f"title,description\nHostess,{lure}\n", encoding="utf-8")
    excel = tmp_path / "excel.csv"
    excel.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert list(check_csv(excel)) == list(check_csv(plain))
    assert list(check_csv(io.StringIO("\ufeff" + plain.read_text()))) == list(check_csv(plain))


def test_cut_gzip_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "ads.csv.gz"
    path.write_bytes(gzip.compress(ADS_CSV.read_bytes())[:-40])
    with pytest.raises(ValueError, match=r"ads\.csv\.gz: cannot read compressed data"):
        list(check_csv(path))


def test_header_without_text_columns_is_refused():
    with pytest.raises(ValueError, match="title"):
        run("job_id,salary\n1,100\n")
    with pytest.raises(ValueError, match="empty"):
        run("")


def test_gzip_file(tmp_path):
    path = tmp_path / "ads.csv.gz"
    path.write_bytes(gzip.compress(ADS_CSV.read_bytes()))
    assert len(list(check_csv(path))) == len(labelled_ads())
