"""Every malformed input the integrity review found, through the real commands: a one-line error and exit status 2
(or a correct result), never a traceback."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heroes.cli.main import app

runner = CliRunner()
NESTED = "[" * 5000 + "]" * 5000


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_line_error(result, *words: str) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("chat.jsonl", '{"id": 1, "messages": ' + NESTED + "}\n"),
        ("result.json", '{"name": "x", "messages": ' + NESTED + "}"),
        ("dupe.jsonl", '{"id": 1, "id": 2, "messages": []}\n'),
    ],
)
def test_grooming_nested_or_duplicate_json(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    one_line_error(run("grooming", "scan", str(path)), name)


@pytest.mark.parametrize(
    "doc",
    [
        {"chats": {"list": 5}},
        {"chats": {"list": [{"messages": {"a": 1}}]}},
        {"name": "x", "messages": [{"type": "message", "from": {"a": 1}, "text": [{"text": 5}, 7, None]}]},
        {"name": "x", "messages": [{"type": "message", "from": "A", "text": "hi", "date_unixtime": "1e999"}]},
        {"name": ["x"], "id": {"y": 1}, "messages": [None, 5, "x", {"type": ["message"]}]},
    ],
)
def test_telegram_with_wrong_types(tmp_path, doc):
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc))
    result = run("grooming", "scan", str(path), "--format", "telegram", "--json")
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        one_line_error(result, "result.json")


def test_oversized_csv_cells(tmp_path):
    big = "x" * 200_000  # over Python's default limit of 131,072, within ours: read, and capped as a message
    chat = tmp_path / "chat.csv"
    chat.write_text(f"from,text\nA,{big}\nB,hello\n")
    assert run("grooming", "scan", str(chat)).exit_code == 0
    chat.write_text("from,text\nA,hi\nB," + "y" * (2 << 20) + "\n")
    one_line_error(run("grooming", "scan", str(chat)), "line 3", "longer than")
    hashes = tmp_path / "hashes.csv"
    hashes.write_text("md5,name\n" + "a" * 32 + "," + "n" * (2 << 20) + "\n")
    one_line_error(run("hashset", "import", str(hashes), "--name", "b", "--db", f"sqlite:///{tmp_path}/b.sqlite"))


def test_quoted_multi_line_hash_list_is_accepted(tmp_path):
    hashes = tmp_path / "hashes.csv"
    hashes.write_text("md5,name\n" + "a" * 32 + ',"two\nlines"\n' + "b" * 32 + ",plain\n")
    result = run("hashset", "import", str(hashes), "--name", "b", "--db", f"sqlite:///{tmp_path}/b.sqlite")
    assert result.exit_code == 0 and "2 new entries" in result.output


def test_vics_nested_and_duplicate(tmp_path):
    db = f"sqlite:///{tmp_path}/b.sqlite"
    path = tmp_path / "vics.json"
    path.write_text('{"@odata.context": "x", "value": ' + NESTED + "}")
    one_line_error(run("hashset", "import", str(path), "--name", "v", "--format", "vics", "--db", db), "nested")
    path.write_text('{"@odata.context": "x", "value": [{"MD5": "' + "a" * 32 + '", "MD5": "' + "b" * 32 + '"}]}')
    one_line_error(run("hashset", "import", str(path), "--name", "v", "--format", "vics", "--db", db), "duplicate")


@pytest.mark.parametrize("command", [["hashset", "list"], ["users", "list"], ["audit", "verify"]])
def test_db_not_a_url(command):
    one_line_error(run(*command, "--db", "notaurl"), "not a database URL")


def test_triage_db_not_a_url(tmp_path):
    (tmp_path / "ev").mkdir()
    one_line_error(run("triage", str(tmp_path / "ev"), "--out", str(tmp_path / "out"), "--db", "notaurl"), "notaurl")


def test_jobs_csv_corrupt_gzip_unterminated_quote_and_bom(tmp_path):
    good = "title,description\nCook,Kitchen work in a hotel\n"
    gz = tmp_path / "ads.csv.gz"
    gz.write_bytes(gzip.compress((good * 500).encode())[:-50])
    one_line_error(run("jobs", "check", "--csv", str(gz)), "ads.csv.gz")
    broken = tmp_path / "broken.csv"
    broken.write_text(good + 'Driver,"never closed\n' + "Cook,Kitchen work\n" * 198)
    one_line_error(run("jobs", "check", "--csv", str(broken)), "line 3")
    lure = "Hostess work abroad in Dubai. Free flight and accommodation. No papers needed. WhatsApp only."
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    plain.write_text(f"title,description\nHostess,{lure}\n")
    excel.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    scores = [json.loads(run("jobs", "check", "--csv", str(p)).output)["risk"] for p in (plain, excel)]
    assert scores[0] == scores[1] > 0.5


def test_screen_paths_and_duplicate_keys(tmp_path):
    one_line_error(run("screen", "--indicators", str(tmp_path)), "--indicators", "folder")
    answers = tmp_path / "a.json"
    answers.write_text('{"age_group": "adult", "answers": {"AL-DR-01": "yes", "AL-DR-01": "no"}}')
    one_line_error(run("screen", "--indicators", str(answers)), "duplicate key")
    answers.write_text('{"age_group": "adult", "answers": ' + NESTED + "}")
    one_line_error(run("screen", "--indicators", str(answers)), "nested")
    answers.write_text('{"age_group": "adult", "answers": {}}')
    missing = tmp_path / "nowhere" / "record.json"
    one_line_error(run("screen", "--indicators", str(answers), "--record", str(missing)), "--record", "does not exist")
    assert not missing.parent.exists()


def test_huge_chat_message_is_capped(tmp_path):
    from heroes.grooming.formats import read_conversations
    from heroes.inputs.text import MAX_MESSAGE

    chat = tmp_path / "chat.txt"
    body = "\n".join("word " * 20 for _ in range(100_000))  # 10 MB in one message, continuation lines
    chat.write_text(f"12/01/2024, 10:00 - Ana: start\n{body}\n12/01/2024, 10:05 - Ben: ok\n")
    with chat.open("rb") as stream:
        messages = [m for conv in read_conversations(stream, "auto", chat.name) for m in conv]
    assert [m.author for m in messages] == ["Ana", "Ben"] and len(messages[0].text) == MAX_MESSAGE
    assert Path(chat).stat().st_size > 100 * MAX_MESSAGE
