"""`heroes jobs`: check a job ad (text or picture, or a CSV of ads) for scam and trafficking-recruitment signs;
retrain the model."""

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
    if "ocr" in result:
        ocr = result["ocr"]
        console.print(f"[bold]Text read from the picture[/] [dim](OCR confidence {ocr['confidence']:.0f}%)[/]")
        console.print(escape(ocr["text"]), style="dim")
    colour = "red" if result["label"] == "fraudulent" else "green"
    model = "model not used" if result["model_score"] is None else f"model {result['model_score']:.2f}"
    console.print(f"risk [bold {colour}]{result['risk']:.2f}[/] ({result['label']}; {model})")
    if result.get("note"):
        console.print(f"[dim]{escape(result['note'])}[/]")
    for flag in result["red_flags"]:
        console.print(f'[yellow]! {flag["title"]}[/] [dim]({flag["id"]}: "{escape(flag["evidence"]["text"])}")[/]')
        console.print(f"  {escape(flag['text'])}")
    console.print("[bold]Advice[/]")
    for line in dict.fromkeys(result["advice"]):
        console.print(f"- {escape(line)}")
    if result["red_flags"]:
        console.print(f"[dim]{glossary_hint('recruitment-fees', 'trafficking', 'forced-labour')}[/]")


def _batch(csv_file: Path, clusters_out: Path | None) -> None:
    """Every row of a CSV as one JSON line; the clusters of shared contacts summarised on stderr (and as JSON)."""
    from heroes.jobs import check_csv, shared_contacts

    if not csv_file.is_file():
        raise typer.BadParameter(f"no such file: {csv_file}")
    try:
        shared = shared_contacts(csv_file)
        for record in check_csv(csv_file, shared=shared):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    clusters = shared.clusters()
    if clusters_out is not None:
        body = {"clusters": [c.as_dict() for c in clusters], "min_companies": shared.minimum}
        clusters_out.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if clusters:
        typer.echo(f"{len(clusters)} contact(s) shared by the ads of {shared.minimum} or more companies:", err=True)
        for c in clusters[:20]:
            names = ", ".join(sorted(c.companies)[:6]) + (", ..." if len(c.companies) > 6 else "")
            typer.echo(f"  {c.contact}: {len(c.companies)} companies, {len(c.ads)} ads ({names})", err=True)
        if len(clusters) > 20:
            typer.echo(f"  ... and {len(clusters) - 20} more (--clusters FILE lists them all)", err=True)


@app.command("check")
def check_cmd(
    source: str = typer.Argument(
        "-", help="A file with one ad (text, or a PNG, JPEG or WebP picture, read by OCR), or - for standard input."
    ),
    csv_file: Path | None = typer.Option(None, "--csv", help="Score every row of a CSV with EMSCAD's columns."),
    clusters: Path | None = typer.Option(
        None, "--clusters", help="With --csv: write the contacts shared across companies to this JSON file."
    ),
    lang: str = typer.Option("auto", "--lang", help="auto, en, es or bn: the language of the explanations."),
    as_json: bool = typer.Option(False, "--json", help="JSON output (one line per row with --csv)."),
) -> None:
    """Score one ad (text or picture), or every row of a CSV (one JSON line per row; bad rows become error
    records; contacts shared by the ads of 3 or more companies flag those ads and are summarised on stderr)."""
    if csv_file is not None:
        _batch(csv_file, clusters)
        return
    from heroes.jobs import BadInput, check_input
    from heroes.jobs.ocr import OcrUnavailable

    raw = _read(source)
    if len(raw) > MAX_INPUT:
        typer.echo(f"note: input cut to its first {MAX_INPUT} bytes", err=True)
        raw = raw[:MAX_INPUT]
    try:
        result = check_input(raw, lang=lang)
    except (BadInput, OcrUnavailable) as exc:
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
