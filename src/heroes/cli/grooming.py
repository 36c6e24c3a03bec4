"""`heroes grooming scan|train|bundle`: scan chat exports for warning signs of grooming, retrain the learned part,
and rebuild the shield page's bundle (patterns, settings and model for the on-device detector)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from heroes.grooming.formats import open_conversations
from heroes.grooming.model import ChatFormatError
from heroes.grooming.scan import ScanResult, scan_conversation
from heroes.learn import glossary_hint

app = typer.Typer(help="Grooming shield: early, explained warnings of online grooming in chats.", no_args_is_help=True)

_REPO = Path(__file__).resolve().parents[3]


def _explain(result: ScanResult) -> str:
    head = f"{result.id}: risk {result.risk:.2f}, {result.messages} messages"
    if not result.alert:
        return f"{head}: no alert" + (
            f" (signs from {result.suspect}: {', '.join(result.stages)})" if result.evidence else ""
        )
    lines = [f"{head}: ALERT at message {result.first_alert_index}; {result.suspect} shows {', '.join(result.stages)}"]
    lines += [f"  message {e.index}: {e.stage} ({e.score:.2f})" for e in result.evidence]
    lines.append(f"  {glossary_hint('grooming')}")
    return "\n".join(lines)


@app.command("scan")
def scan(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
    fmt: str = typer.Option("auto", "--format", help="auto, jsonl, whatsapp, telegram or csv"),
    as_json: bool = typer.Option(False, "--json", help="one JSON line per conversation, in input order"),
    keep_text: bool = typer.Option(False, "--keep-text", help="include the text of evidence messages"),
) -> None:
    """Scan one chat export; explain which messages raised the risk and why."""
    try:
        for conv in open_conversations(file, fmt):
            result = scan_conversation(conv, keep_text=keep_text)
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False) if as_json else _explain(result))
    except (ChatFormatError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command("train")
def train(
    devset: list[Path] = typer.Option(
        [_REPO / "tests/data/grooming/devset.jsonl", _REPO / "tests/data/grooming/kinds.yaml"],
        help="labelled development chats (.jsonl or .yaml; repeat the option for several files)",
    ),
    persona: Path = typer.Option(
        _REPO.parent / "shared/data/synthetic_persona_chat/Synthetic-Persona-Chat_valid.csv", help="benign chats (CSV)"
    ),
    out: Path | None = typer.Option(None, help="where to write the ONNX model (default: the package's)"),
    persona_limit: int = typer.Option(4000, help="benign turns taken from the persona chats"),
) -> None:
    """Retrain the learned part with fixed seeds and write model.onnx (needs heroes[train]); retraining the package's
    model also rebuilds the shield page's bundle."""
    import skl2onnx  # noqa: F401 - before the data is read: a missing `train` extra is reported at once
    import sklearn  # noqa: F401

    from heroes.grooming.learned import model_path
    from heroes.grooming.train import train as run

    for path in devset:
        if not path.is_file():
            raise typer.BadParameter(f"{path} not found", param_hint="--devset")
    report = run(devset, persona if persona.is_file() else None, out or model_path(), persona_limit)
    if out is None:
        from heroes.grooming.bundle import OUT, write

        report["bundle"], report["bundle_bytes"] = str(OUT), write()
    typer.echo(json.dumps(report))


@app.command("bundle")
def bundle(
    out: Path | None = typer.Option(None, help="where to write it (default: the package's static/shield/bundle.json)"),
    check: bool = typer.Option(
        False, "--check", help="only say whether the shipped bundle is up to date (exit 1 if not)"
    ),
) -> None:
    """Build the shield page's bundle from the patterns, settings and model.onnx (needs heroes[train])."""
    import onnx  # noqa: F401 - reading the model's weights needs it: a missing `train` extra is reported at once

    from heroes.grooming.bundle import OUT, BundleError, build, dumps, write

    target = out or OUT
    try:
        if check:
            fresh = dumps(build())
            current = target.read_text("utf-8") if target.is_file() else ""
            if fresh != current:
                typer.echo(f"{target} is stale: run `heroes grooming bundle`", err=True)
                raise typer.Exit(1)
            typer.echo(f"{target} is up to date")
            return
        typer.echo(f"wrote {target} ({write(target):,} bytes)")
    except BundleError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
