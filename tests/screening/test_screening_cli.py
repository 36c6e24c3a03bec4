"""`heroes screen` as responders and programs use it: JSON in and out, scripted interactive runs, exit code 2."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from heroes.cli.screen import screen
from heroes.screening import knowledge_base

app = typer.Typer()
app.command("screen")(screen)


@app.callback()
def _main() -> None:
    """A stand-in for heroes.cli.main, which registers the same function as `heroes screen`."""


runner = CliRunner()
G1 = {
    "age_group": "adult",
    "purpose": "labour",
    "default": "no",
    "answers": {i: "yes" for i in ("AL-DR-01", "AL-DR-02", "AL-EX-01", "AL-EX-02", "AL-CD-01", "AL-CD-03")},
}


def _write(tmp_path, data, name="in.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(path)


def test_indicators_json(tmp_path):
    result = runner.invoke(app, ["screen", "--indicators", _write(tmp_path, G1), "--json", "--country", "UK"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"sets", "urgent", "referrals"}
    r = out["sets"]["adults_labour"]
    assert r["potential_victim"] is True
    assert set(r) >= {"potential_victim", "dimensions_met", "indicators", "missing", "flags"}
    assert out["urgent"]["act_now"] is True  # AL-CD-03: kept isolated or locked in


def test_answers_json_in_spanish_with_record_and_form(tmp_path):
    data = {"sector": "health", "age_group": "child", "answers": {"safety.injury": "no", "child.missing": "yes"}}
    result = runner.invoke(
        app,
        [
            "screen",
            "--answers",
            _write(tmp_path, data),
            "--json",
            "--lang",
            "es",
            "--country",
            "CO",
            "--screener",
            "enfermera 12",
            "--record",
            str(tmp_path / "rec.json"),
            "--form",
            str(tmp_path / "form.html"),
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["child_protection"]["refer"] is True and out["referrals"][0]["id"] == "co.icbf"
    rec = json.loads((tmp_path / "rec.json").read_text())
    assert rec["screener"] == "enfermera 12" and rec["sector"] == "health" and rec["record_id"] == out["record_id"]
    assert "Formulario de cribado" in (tmp_path / "form.html").read_text()


def test_human_output_shows_the_result(tmp_path):
    result = runner.invoke(app, ["screen", "--indicators", _write(tmp_path, G1), "--country", "ES"])
    assert result.exit_code == 0
    assert "URGENT" in result.stdout and "potential_victim: True" in result.stdout and "UNVERIFIED" in result.stdout


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["--indicators"], {"answers": {}}, "age_group: missing"),
        (["--indicators"], {"age_group": "adult", "answers": {"XX-1": "yes"}}, "answers.XX-1: unknown indicator id"),
        (["--indicators"], "{not json", "--indicators:"),
        (
            ["--answers", "--sector", "health"],
            {"age_group": "adult", "answers": {"le.locked_in": "yes"}},
            "answers.le.locked_in",
        ),
        (["--indicators", "--country", "FR"], {"age_group": "adult"}, "country:"),
    ],
)
def test_bad_input_exits_2_naming_the_field(tmp_path, args, content, message):
    path = _write(tmp_path, content)
    result = runner.invoke(app, ["screen", args[0], path, *args[1:], "--json"])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_file_and_no_mode_exit_2(tmp_path):
    result = runner.invoke(app, ["screen", "--indicators", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "file not found" in result.output
    result = runner.invoke(app, ["screen", "--json"])
    assert result.exit_code == 2 and "exactly one of" in result.output


def test_interactive_stops_and_resumes(tmp_path):
    state = tmp_path / "state.json"
    common = ["screen", "--interactive", "--state", str(state)]
    first = runner.invoke(
        app,
        [*common, "--sector", "education", "--country", "UK", "--screener", "teacher 3"],
        input="child\nunknown\nno\nmaybe\nn\nq\n",
    )
    assert first.exit_code == 0, first.output
    text = " ".join(first.output.split())  # Rich wraps long lines
    assert "please answer yes, no or unknown" in text and "run the same command to resume" in text
    saved = json.loads(state.read_text())
    assert saved["answers"] == {"safety.injury": "no", "safety.afraid_now": "no"} and saved["age_group"] == "child"

    record = tmp_path / "rec.json"
    total = len([q for q in knowledge_base().flows["education"].questions if q.applies_to("child")])
    answers = ["y"] + ["u"] * (total - 3)  # child.missing: yes, then unknown for the rest
    second = runner.invoke(app, [*common, "--record", str(record)], input="\n".join(answers) + "\n")
    assert second.exit_code == 0, second.output
    text = " ".join(second.output.split())
    assert "resuming the education screening" in text and "potential_victim: insufficient_information" in text
    rec = json.loads(record.read_text())
    assert rec["answers"]["child.missing"] == "yes" and rec["result"]["child_protection"]["refer"] is True
    assert not state.exists()  # finished: the next run starts a new screening


def test_interactive_asks_sector_country_and_screener_when_not_given(tmp_path):
    state = tmp_path / "s.json"
    script = "health\nme\nBD\nadult\nlabour\nq\n"
    result = runner.invoke(app, ["screen", "-i", "--state", str(state)], input=script)
    assert result.exit_code == 0, result.output
    saved = json.loads(state.read_text())
    assert (saved["sector"], saved["screener"], saved["country"], saved["purpose"]) == ("health", "me", "BD", "labour")
