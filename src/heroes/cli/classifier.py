"""`heroes classifier train|run`: retrain the benign demo image classifier, or score images with any ONNX model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import typer

app = typer.Typer(
    help="Pluggable image classifier (ONNX + labels file) for unknown material; ships a benign "
    "photo versus screenshot/document demo model.",
    no_args_is_help=True,
)

_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff"}


def _images(target: Path) -> Iterator[Path]:
    if target.is_file():
        yield target
        return
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.suffix.lower() in _EXTENSIONS:
            yield path


@app.command("train")
def train(
    out: Path = typer.Option(..., "--out", file_okay=False, help="folder for demo.onnx and demo.labels"),
    seed: int | None = typer.Option(None, help="generator seed (default: the shipped model's)"),
) -> None:
    """Regenerate the benign training images and retrain the demo model (needs heroes[train])."""
    import skl2onnx  # noqa: F401 - before the images are drawn: a missing `train` extra is reported at once
    import sklearn  # noqa: F401

    from heroes.classify.train import SEED
    from heroes.classify.train import train as run

    typer.echo(json.dumps(run(out, SEED if seed is None else seed)))


@app.command("run")
def run(
    target: Path = typer.Argument(..., exists=True, help="an image or a folder of images"),
    model: Path | None = typer.Option(None, "--model", help="ONNX model (default: the benign demo model)"),
    labels: Path | None = typer.Option(None, "--labels", help="labels file (default: MODEL with .labels)"),
    as_json: bool = typer.Option(False, "--json", help="one JSON line per image"),
) -> None:
    """Score each image; a model or labels problem stops with one clear error."""
    from PIL import Image, UnidentifiedImageError

    from heroes.classify.runner import DEMO_MODEL, ClassifierError, load

    try:
        classifier = load(model or DEMO_MODEL, labels or "")
    except ClassifierError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    failed = 0
    for path in _images(target):
        try:
            with path.open("rb") as stream:
                pred = classifier.classify(stream)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
            failed += 1
            typer.echo(f"{path}: cannot decode: {exc}", err=True)
            continue
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "path": str(path),
                        "model": classifier.path.name,
                        "label": pred.label,
                        "score": pred.score,
                        "scores": pred.scores,
                    }
                )
            )
        else:
            typer.echo(f"{path}: {pred.label} ({pred.score:.3f})")
    if failed:
        raise typer.Exit(1)
