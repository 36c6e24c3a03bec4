"""`heroes jobs`: check a job ad (or a CSV of ads) for scam and trafficking-recruitment signs; retrain the model."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import typer

app = typer.Typer(help="Check job offers for fraud and trafficking-recruitment red flags.", no_args_is_help=True)

MAX_INPUT = 5 << 20  # bytes read from a file or stdin: a job ad is never this long


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read(MAX_INPUT + 1)
    path = Path(source)
    if not path.is_file():
        raise typer.BadParameter(f"no such file: {source}")
    with path.open("rb") as fh:
        return fh.read(MAX_INPUT + 1)


def _print_human(result: dict) -> None:
    from rich.console import Console  # only for people: a program asking for --json does not load Rich
    from rich.markup import escape

    from heroes.learn import glossary_hint

    console = Console()
    colour = "red" if result["label"] == "fraudulent" else "green"
    console.print(f"risk [bold {colour}]{result['risk']:.2f}[/] ({result['label']}; model {result['model_score']:.2f})")
    for flag in result["red_flags"]:
        console.print(f'[yellow]! {flag["title"]}[/] [dim]({flag["id"]}: "{escape(flag["evidence"]["text"])}")[/]')
        console.print(f"  {escape(flag['text'])}")
    console.print("[bold]Advice[/]")
    for line in dict.fromkeys(result["advice"]):
        console.print(f"- {escape(line)}")
    if result["red_flags"]:
        console.print(f"[dim]{glossary_hint('recruitment-fees', 'trafficking', 'forced-labour')}[/]")


@app.command("check")
def check_cmd(
    source: str = typer.Argument("-", help="A text file with one ad, or - for standard input."),
    csv_file: Path | None = typer.Option(None, "--csv", help="Score every row of a CSV with EMSCAD's columns."),
    lang: str = typer.Option("auto", "--lang", help="auto, en or es: the language of the explanations."),
    as_json: bool = typer.Option(False, "--json", help="JSON output (one line per row with --csv)."),
) -> None:
    """Score one ad, or every row of a CSV (one JSON line per row; bad rows become error records)."""
    from heroes.jobs import BadInput, check, check_csv

    if csv_file is not None:
        if not csv_file.is_file():
            raise typer.BadParameter(f"no such file: {csv_file}")
        try:
            for record in check_csv(csv_file):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        return
    raw = _read(source)
    if len(raw) > MAX_INPUT:
        typer.echo(f"note: input cut to its first {MAX_INPUT} bytes", err=True)
        raw = raw[:MAX_INPUT]
    try:
        result = check(raw, lang=lang)
    except BadInput as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        _print_human(result)


@app.command("train")
def train_cmd(
    data: Path = typer.Option(..., "--data", help="EMSCAD-style CSV (optionally .gz) with a 'fraudulent' column."),
    out: Path = typer.Option(..., "--out", help="Folder for jobs.onnx and jobs.json."),
) -> None:
    """Select, calibrate and export the model; the same data gives the same files, byte for byte."""
    import skl2onnx  # noqa: F401 - before reading the data: a missing `train` extra is reported at once
    import sklearn  # noqa: F401

    from heroes.jobs.data import load_training
    from heroes.jobs.model import save, train

    rows, labels = load_training(data)
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    trained = train(rows, labels)
    save(trained, out, digest)
    meta = trained.meta
    typer.echo(
        f"chose {meta['model']} (cv F1 {meta['cv']['f1']}, re-weighted {meta['cv']['f1_reweighted']}); "
        f"threshold {meta['threshold']:.4f}; wrote {out}"
    )
