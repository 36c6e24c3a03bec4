"""Every command with its optional parts missing (as after a bare `pip install heroes`): it either works without
them or ends with one line naming the missing package and the install command, status 2, never a traceback.

Each case runs in a fresh interpreter in which the optional modules cannot be found (every import finder is told
to answer "not installed" for them), because a module once imported in the test process would stay importable."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from heroes.cli.main import COMMANDS
from heroes.optional import EXTRAS

# Runs a list of commands in-process with some modules blocked; prints one JSON line per command.
_RUNNER = textwrap.dedent(
    """
    import json, sys, traceback
    blocked = set(sys.argv[1].split(","))
    class Hide:  # every finder answers "not here" for a blocked package, as if it were not installed
        def __init__(self, inner):
            self.inner = inner
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in blocked:
                return None
            return self.inner.find_spec(name, path, target)
        def __getattr__(self, attr):
            return getattr(self.inner, attr)
    sys.meta_path[:] = [Hide(finder) for finder in sys.meta_path]
    from typer.testing import CliRunner
    from heroes.cli.main import app
    for argv in json.loads(sys.stdin.read()):
        r = CliRunner().invoke(app, argv)
        crashed = r.exception is not None and not isinstance(r.exception, SystemExit)
        print(json.dumps({"argv": argv, "code": r.exit_code, "output": r.output,
                          "traceback": "".join(traceback.format_exception(r.exception)) if crashed else ""}))
    """
)


def _run(blocked: set[str], commands: list[list[str]], cwd) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, ",".join(sorted(blocked))],
        input=json.dumps(commands),
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("optional")
    (d / "evidence").mkdir()
    (d / "evidence" / "note.txt").write_text("call +44 20 7946 0958\n")
    (d / "seeds.txt").write_text("http://127.0.0.1:9/\n")
    (d / "chat.jsonl").write_text(
        json.dumps({"id": "c1", "messages": [{"t": 1.0, "from": "A", "text": "hello, how was school?"}]}) + "\n"
    )
    (d / "ad.txt").write_text("Cook wanted in a hotel restaurant. Apply with your CV at jobs@example.org.\n")
    (d / "ads.csv").write_text("title,description\nCook,Hotel kitchen job with a contract.\n")
    (d / "answers.json").write_text(
        json.dumps({"age_group": "adult", "purpose": "labour", "default": "no", "answers": {"AL-DR-01": "yes"}})
    )
    (d / "md5.txt").write_text("d41d8cd98f00b204e9800998ecf8427e\n")
    (d / "pic.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc0000003"
            "0101001805fd8b0000000049454e44ae426082"
        )
    )
    return d


PG = "postgresql+psycopg://heroes@127.0.0.1:1/heroes"  # nothing listens: the driver import comes first
BANKS = "sqlite:///banks.sqlite"

# (argv, the optional modules it needs). Commands that need nothing optional must work with all of them missing.
CASES: list[tuple[list[str], set[str]]] = [
    (["triage", "evidence", "--case", "c", "--out", "out-triage", "--workers", "1"], set()),
    (["triage", "evidence", "--out", "out-dask", "--scheduler", "tcp://127.0.0.1:9"], {"distributed", "dask"}),
    (["triage", "evidence", "--out", "out-pg", "--db", PG], {"psycopg"}),
    (["triage", "evidence", "--out", "out-ocr", "--ocr-jobs"], {"pytesseract"}),
    (["demo", "--out", "demo-out"], set()),
    (["screen", "--indicators", "answers.json", "--json"], set()),
    (["screen", "--indicators", "answers.json", "--form", "form.pdf"], {"weasyprint"}),
    (["crawl", "seeds.txt", "--case", "c", "--out", "out-crawl", "--quiet"], {"scrapy"}),
    (
        ["crawl", "seeds.txt", "--case", "c", "--out", "out-tor", "--proxy", "socks5h://127.0.0.1:9"],
        {"httpx", "socksio"},
    ),
    (["graph", "c", "--out", "out-triage"], set()),
    (["serve", "--help"], set()),
    (["users", "list", "--db", "sqlite:///users.sqlite"], set()),
    (["users", "list", "--db", PG], {"psycopg"}),
    (["audit", "verify", "--db", "sqlite:///users.sqlite"], set()),
    (["audit", "checkpoint", "--db", "sqlite:///users.sqlite"], set()),
    (["audit", "checkpoint", "--db", PG], {"psycopg"}),
    (["orgs", "list", "--db", "sqlite:///users.sqlite"], set()),
    (["referrals", "list", "--db", "sqlite:///users.sqlite", "--json"], set()),
    (["referrals", "stats", "--db", PG], {"psycopg"}),
    (["analysers", "list"], set()),
    (["grooming", "scan", "chat.jsonl", "--json"], set()),
    (["grooming", "train", "--out", "g.onnx"], {"sklearn", "skl2onnx"}),
    (["grooming", "bundle", "--out", "bundle.json"], {"onnx"}),
    (["jobs", "check", "ad.txt", "--json"], set()),
    (["jobs", "check", "pic.png", "--json"], {"pytesseract"}),
    (["jobs", "check", "--csv", "ads.csv", "--json"], set()),
    (["jobs", "train", "--data", "ads.csv", "--out", "jobs-model"], {"sklearn", "skl2onnx"}),
    (["hashset", "import", "md5.txt", "--name", "agency", "--format", "text", "--db", BANKS], set()),
    (["hashset", "list", "--db", BANKS], set()),
    (["hashset", "match", "evidence", "--db", BANKS, "--json"], set()),
    (["export", "vics", "demo", "--db", "sqlite:///demo-out/case/case.sqlite", "--out", "demo.vics.json"], set()),
    (["classifier", "run", "pic.png", "--json"], set()),
    (["classifier", "train", "--out", "cls-model"], {"sklearn", "skl2onnx"}),
    (["learn", "handout", "parents", "--out", "parents.html"], set()),
    (["learn", "handout", "parents", "--lang", "bn", "--out", "parents.pdf"], {"weasyprint"}),
]


def test_every_command_is_covered():
    covered = {argv[0] for argv, _ in CASES}
    assert covered == set(COMMANDS)


def _assert_one_line_message(result: dict, module: str) -> None:
    extra = EXTRAS[module][0]
    lines = [line for line in result["output"].splitlines() if line.strip()]
    assert result["code"] == 2, result
    assert lines and lines[-1].startswith("error: ") and f"'{module}'" in lines[-1], result
    assert f"pip install 'heroes[{extra}]'" in lines[-1], result
    assert "Traceback" not in result["output"] and not result["traceback"], result


@pytest.mark.slow
def test_every_command_with_every_optional_part_missing(inputs):
    results = _run(set(EXTRAS), [argv for argv, _ in CASES], inputs)
    assert len(results) == len(CASES)
    for result, (argv, needs) in zip(results, CASES, strict=True):
        assert not result["traceback"], result["traceback"]
        if needs:  # the first optional part it reaches is named (the crawler through Tor names Scrapy first)
            named = [m for m in EXTRAS if f"'{m}'" in result["output"]]
            assert len(named) == 1, result
            _assert_one_line_message(result, named[0])
        else:
            assert result["code"] == 0, (argv, result["output"])


@pytest.mark.slow
@pytest.mark.parametrize("module", sorted({m for _, needs in CASES for m in needs}))
def test_each_optional_part_missing_alone_is_named(inputs, module):
    cases = [argv for argv, needs in CASES if module in needs]
    for result in _run({module}, cases, inputs):
        _assert_one_line_message(result, module)
