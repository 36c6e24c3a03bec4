"""`heroes audit verify` and `heroes audit checkpoint`: the whole log checked against its key and checkpoints, and a
printed checkpoint that proves later that nothing was cut."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from heroes.cli.audit import app as audit_app
from heroes.cli.users import app as users_app
from heroes.store import CaseStore, db
from heroes.web.audit_anchor import default_paths


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'case.sqlite'}"
    with CaseStore(url) as store:
        store.case("case-a")
    runner = CliRunner()
    runner.invoke(
        users_app,
        ["add", "alice", "--role", "reviewer", "--password-stdin", "--db", url],
        input="a long enough password\n",
    )
    for _ in range(3):
        runner.invoke(users_app, ["assign", "alice", "case-a", "--db", url])
    return url


def audit(url: str, *args: str):
    return CliRunner().invoke(audit_app, [*args, "--db", url])


def _sql(url: str, sql: str) -> None:
    engine = db.make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def test_verify_ok_then_broken(url):
    ok = audit(url, "verify")
    assert ok.exit_code == 0 and "audit log OK: 4 entries" in ok.output and "4 signed checkpoint(s) match" in ok.output
    _sql(url, "DELETE FROM web_audit WHERE seq = 4")
    bad = audit(url, "verify")
    assert bad.exit_code == 1 and "entries 4 to 4 are missing" in bad.output and "BROKEN" in bad.output


def test_a_printed_checkpoint_catches_a_cut_made_with_the_file_gone(url):
    printed = audit(url, "checkpoint").output.strip()
    assert '"seq":4' in printed
    _, checkpoints = default_paths(url)
    checkpoints.unlink()  # whoever cut the log also removed the checkpoint file
    _sql(url, "DELETE FROM web_audit WHERE seq > 2")
    assert audit(url, "verify").exit_code == 0  # nothing left to compare with...
    bad = audit(url, "verify", "--checkpoint", printed)
    assert bad.exit_code == 1 and "entries 3 to 4 are missing" in bad.output  # ...but the paper copy
    forged = printed.replace('"seq":4', '"seq":9')
    assert "not signed by the audit key" in audit(url, "verify", "--checkpoint", forged).output


def test_a_missing_or_wrong_key_is_one_line(url, tmp_path):
    key, _ = default_paths(url)
    key.rename(tmp_path / "elsewhere.key")
    for command in (["verify"], ["checkpoint"]):
        r = audit(url, *command)
        assert r.exit_code == 2 and r.output.startswith("error: the audit key") and len(r.output.splitlines()) == 1
    r = CliRunner().invoke(users_app, ["disable", "alice", "--db", url])
    assert r.exit_code == 2 and "audit key" in r.output  # no change that cannot be audited
    r = audit(url, "verify", "--audit-key", str(tmp_path / "elsewhere.key"))
    assert r.exit_code == 0, r.output


def test_verify_of_a_database_with_no_log_yet(tmp_path):
    r = audit(f"sqlite:///{tmp_path / 'new.sqlite'}", "verify")
    assert r.exit_code == 0 and "0 entries" in r.output
    assert not default_paths(f"sqlite:///{tmp_path / 'new.sqlite'}")[0].exists()  # verify makes no key
