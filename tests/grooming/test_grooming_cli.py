"""`heroes grooming scan` (JSON lines in input order, readable text, clear errors) and `train` (reproducible)."""

from __future__ import annotations

import json

import onnxruntime  # noqa: F401 - the shipped model must load
from typer.testing import CliRunner

from heroes.cli.grooming import app
from heroes.grooming import learned

runner = CliRunner()
LINES = [
    {
        "id": "x1",
        "messages": [
            {"t": 0, "from": "G", "text": "how old r u"},
            {"t": 5, "from": "C", "text": "13"},
            {"t": 9, "from": "G", "text": "delete our chat ok, our secret"},
        ],
    },
    {"id": "x2", "messages": [{"t": 0, "from": "A", "text": "lol same"}]},
]


def test_scan_json(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in LINES), "utf-8")
    result = runner.invoke(app, ["scan", str(path), "--json"])
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in recs] == ["x1", "x2"]
    assert recs[0]["alert"] is True and recs[0]["suspect"] == "G" and recs[0]["first_alert_index"] == 2
    assert {e["stage"] for e in recs[0]["evidence"]} >= {"age", "secrecy"} and 0 < recs[0]["risk"] <= 1
    assert recs[1]["alert"] is False and recs[1]["first_alert_index"] is None
    text = runner.invoke(app, ["scan", str(path)]).output
    assert "ALERT at message 2" in text and "no alert" in text


def test_scan_error_names_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(LINES[0]) + "\n{broken\n", "utf-8")
    result = runner.invoke(app, ["scan", str(path), "--format", "jsonl"])
    assert result.exit_code == 2 and "line 2" in result.output


def test_train_is_reproducible_and_loads(tmp_path):
    devset = tmp_path / "dev.jsonl"
    chats = [
        {
            "id": str(i),
            "split": "train",
            "messages": [
                {"from": "G", "text": t, "stage": s} if s else {"from": "C", "text": t}
                for t, s in [
                    ("how old are you", "age"),
                    ("lol", None),
                    ("add me on snap", "platform"),
                    ("cool game", None),
                    ("dont tell your mom", "secrecy"),
                    ("same", None),
                ]
            ],
        }
        for i in range(3)
    ]
    devset.write_text("".join(json.dumps(c) + "\n" for c in chats), "utf-8")
    outs = []
    for n in (1, 2):
        out = tmp_path / f"m{n}.onnx"
        result = runner.invoke(
            app, ["train", "--devset", str(devset), "--persona", str(tmp_path / "none.csv"), "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        outs.append(learned.Learned(out))
    for text in ("how old are you", "add me on snap", "lol", "hola"):
        first, second = outs[0].predict(text), outs[1].predict(text)
        assert all(abs(first[k] - second[k]) < 1e-6 for k in first)  # same seeds, same model
    probs = outs[0].predict("how old are you")
    assert max(probs, key=probs.get) == "age" and abs(sum(probs.values()) - 1) < 1e-4
