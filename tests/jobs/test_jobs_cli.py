"""`heroes jobs check` and `heroes jobs train` through Typer's test runner."""

from __future__ import annotations

import csv
import gzip
import json

from typer.testing import CliRunner

from heroes.cli.jobs import app

from .conftest import ADS_CSV, labelled_ads

runner = CliRunner()


def test_check_file_json(tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text("Se buscan chicas para trabajar de azafatas en Europa. Billete pagado. Sin papeles.", "utf-8")
    result = runner.invoke(app, ["check", str(ad), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["lang"] == "es" and out["label"] == "fraudulent"
    assert "no_documents_needed" in {f["id"] for f in out["red_flags"]}


def test_check_stdin_human_output():
    result = runner.invoke(app, ["check", "-", "--lang", "en"], input="Urgent! Contact us on [b]WhatsApp.")
    assert result.exit_code == 0, result.output
    assert "risk" in result.stdout and "Contact by messenger app" in result.stdout and "Advice" in result.stdout


def test_check_empty_input_is_an_error():
    result = runner.invoke(app, ["check", "-"], input="")
    assert result.exit_code == 2 and "empty" in result.output


def test_check_csv_json_lines():
    result = runner.invoke(app, ["check", "--csv", str(ADS_CSV), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == len(labelled_ads()) and all("risk" in x for x in lines)


def test_check_csv_without_text_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["check", "--csv", str(bad)])
    assert result.exit_code == 2 and "title" in result.output


def test_train_writes_a_loadable_model(emscad_sample, tmp_path, monkeypatch):
    from heroes.jobs import model as M
    from heroes.jobs.runtime import load

    monkeypatch.setattr(M, "GRID", (M.Candidate(1, 10.0, max_features=2000),))
    monkeypatch.setattr(M, "FOLDS", 3)
    data = tmp_path / "sample.csv.gz"
    with gzip.open(data, "wt", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(emscad_sample[0]))
        writer.writeheader()
        writer.writerows(emscad_sample)
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    model = load(tmp_path / "m")
    assert model.meta["rows"] == len(emscad_sample)
    assert model.score(["Office clerk job in Leeds"]).shape == (1,)


def test_check_picture_shows_what_was_read(tmp_path):
    from .conftest import render

    flyer = tmp_path / "flyer.png"
    flyer.write_bytes(render.render("Dancers for a night club in Cyprus. We keep your passport.", "plain", "en"))
    result = runner.invoke(app, ["check", str(flyer)])
    assert result.exit_code == 0, result.output
    assert "Text read from the picture" in result.stdout and "night club" in result.stdout
    out = json.loads(runner.invoke(app, ["check", str(flyer), "--json"]).stdout)
    assert out["label"] == "fraudulent" and "Cyprus" in out["ocr"]["text"]


def test_check_damaged_picture_is_one_line_error(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == 2 and result.output.startswith("error: the picture cannot be decoded")
