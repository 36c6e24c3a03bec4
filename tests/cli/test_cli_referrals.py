"""`heroes orgs` and `heroes referrals` as a coordinator and a script use them: the seed list, a referral that A
sends listed for B and not for C, clear one-line errors, purge by age, the access export, erasure, statistics."""

from __future__ import annotations

import json
import os
import stat

import pytest
from typer.testing import CliRunner

from heroes.cli.main import app

runner = CliRunner()
SCREENING = {
    "age_group": "adult",
    "purpose": "labour",
    "default": "no",
    "answers": {"AL-DR-01": "yes", "AL-DR-02": "yes", "AL-EX-01": "yes", "AL-EX-02": "yes", "AL-CD-01": "yes"},
}


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("HEROES_DB", f"sqlite:///{tmp_path / 'h.sqlite'}")
    monkeypatch.setenv("HEROES_REFERRAL_KEY", str(tmp_path / "keys" / "referrals.key"))
    (tmp_path / "screening.json").write_text(json.dumps(SCREENING))
    (tmp_path / "contact.json").write_text(json.dumps({"name": "Ana Example", "phone": "+34 612 345 678"}))

    def run(*argv: str, code: int = 0, stdin: str | None = None) -> str:
        result = runner.invoke(app, list(argv), input=stdin)
        assert result.exit_code == code, (argv, result.output)
        return result.stdout if code == 0 else result.output

    run("orgs", "add", "A", "--kind", "labour_inspection", "--country", "ES")
    run("orgs", "add", "B", "--kind", "shelter", "--country", "ES", "--retention-days", "30")
    run("orgs", "add", "C", "--kind", "ngo", "--country", "ES")
    run.dir = tmp_path  # type: ignore[attr-defined]
    return run


def _send(cli, *extra: str) -> str:
    d = cli.dir
    args = ["--from", "A", "--to", "B", "--screening", str(d / "screening.json"), "--consent", "given"]
    return cli("referrals", "send", *args, "--contact", str(d / "contact.json"), *extra).strip()


def test_list_json_shows_what_a_sent_to_b_and_nothing_for_c(cli):
    ref = _send(cli)
    lines = cli("referrals", "list", "--org", "B", "--json").splitlines()
    assert len(lines) == 1
    item = json.loads(lines[0])
    assert item["id"] == ref and (item["from_org"], item["to_org"], item["status"]) == ("A", "B", "new")
    assert set(item) == {"id", "from_org", "to_org", "status", "urgent", "overdue", "created", "updated"}
    assert "Ana" not in lines[0] and "612" not in lines[0]
    assert cli("referrals", "list", "--org", "C", "--json") == ""
    assert ref in cli("referrals", "list", "--org", "A", "--direction", "sent")
    key = cli.dir / "keys" / "referrals.key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600


def test_bad_input_is_one_line_and_exit_2(cli):
    d = cli.dir
    (d / "bad.json").write_text("{not json")
    base = ["referrals", "send", "--from", "A", "--to", "B", "--consent", "given"]
    cases = [
        ([*base, "--screening", str(d / "bad.json")], "not valid JSON"),
        ([*base, "--screening", str(d / "missing.json")], "file not found"),
        (
            [
                "referrals",
                "send",
                "--from",
                "A",
                "--to",
                "Z",
                "--screening",
                str(d / "screening.json"),
                "--consent",
                "given",
            ],
            "to_org",
        ),
        (
            [
                "referrals",
                "send",
                "--from",
                "A",
                "--to",
                "B",
                "--screening",
                str(d / "screening.json"),
                "--consent",
                "refused",
                "--contact",
                str(d / "contact.json"),
            ],
            "anonymous alert",
        ),
        (["referrals", "list", "--org", "nowhere"], "no organisation 'nowhere'"),
        (["referrals", "list", "--status", "lost"], "--status must be one of"),
        (["orgs", "add", "D", "--kind", "church", "--country", "ES"], "kind 'church'"),
        (["referrals", "erase", "R-0000-0000"], "--yes"),
        (["referrals", "erase", "R-0000-0000", "--yes"], "no referral"),
        (["referrals", "export", "R-0000-0000"], "no referral"),
    ]
    for argv, message in cases:
        out = cli(*argv, code=2)
        lines = [line for line in out.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], (argv, out)
    assert "give a number and h, d or w" in cli("referrals", "purge", "--older-than", "soon", code=2)


def test_wrong_or_missing_key_is_a_clear_error(cli):
    ref = _send(cli)
    key = cli.dir / "keys" / "referrals.key"
    key.chmod(0o644)
    assert "chmod 600" in cli("referrals", "export", ref, code=2)
    key.unlink()
    out = cli("referrals", "export", ref, code=2)
    assert "is missing" in out and "Traceback" not in out and not key.exists()


def test_purge_export_erase_find_and_stats(cli):
    ref = _send(cli)
    assert cli("referrals", "find", "--org", "B", "+34612345678").split() == [ref]
    cli("referrals", "find", "--org", "C", "+34612345678", code=1)
    exported = json.loads(cli("referrals", "export", ref))
    assert exported["referrals"][0]["sealed"]["contact"]["name"] == "Ana Example"
    assert cli("referrals", "purge", "--older-than", "180d").split() == []  # still open: nothing to purge
    cli("referrals", "erase", ref, "--yes")
    assert json.loads(cli("referrals", "export", ref))["referrals"][0]["sealed"] is None
    out = cli("referrals", "stats", "--csv", str(cli.dir / "s.csv"))
    assert "labour_inspection -> shelter: 1" in out
    assert (cli.dir / "s.csv").read_text().splitlines()[1].split(",")[1:4] == ["labour_inspection", "shelter", "1"]
    assert json.loads(cli("referrals", "stats", "--json", "--org", "C"))["total"] == 0
    assert "chain intact" in cli("audit", "verify")


def test_orgs_import_list_and_set(cli, tmp_path):
    out = cli("orgs", "import", "--country", "BD")
    assert out.startswith("4 added, 0 refreshed")
    listed = [json.loads(line) for line in cli("orgs", "list", "--country", "BD", "--json").splitlines()]
    assert {o["name"] for o in listed} == {"bd.emergency", "bd.child_helpline", "bd.mowca_109", "bd.nrm"}
    assert "retention_days 7" in cli("orgs", "set", "B", "--retention-days", "7")
    (tmp_path / "o.csv").write_text("name,kind,country\nE,ngo,CO\nF,temple,CO\n")
    out = cli("orgs", "import", str(tmp_path / "o.csv"), code=1)
    assert "1 added" in out and "temple" in out
    assert "no such file" in cli("orgs", "import", str(tmp_path / "none.csv"), code=2)


def test_users_belong_to_one_organisation(cli):
    from heroes.referrals import orgs
    from heroes.store import db

    password = "correct horse battery\n"
    added = cli("users", "add", "off1", "--role", "referral_officer", "--org", "B", "--password-stdin", stdin=password)
    assert "added off1 (referral_officer, B)" in added
    out = cli("users", "add", "off2", "--role", "responder", "--org", "Z", "--password-stdin", code=2, stdin=password)
    assert "no organisation 'Z'" in out
    assert "off2" not in cli("users", "list")
    assert "off1 now belongs to C" in cli("orgs", "join", "off1", "C")
    assert "no user 'nobody'" in cli("orgs", "join", "nobody", "C", code=2)
    engine = db.make_engine(os.environ["HEROES_DB"])
    try:
        from sqlalchemy import select

        from heroes.web.models import User

        with engine.connect() as conn:
            uid = conn.scalar(select(User.id).where(User.name == "off1"))
        assert orgs.of_user(engine, uid).name == "C"
    finally:
        engine.dispose()
