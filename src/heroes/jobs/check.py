"""The public checks: one ad as text, or many rows of a CSV, scored by the model and the red-flag rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from heroes.jobs import lang as langs
from heroes.jobs import redflags
from heroes.jobs.data import iter_rows, open_text
from heroes.jobs.features import compose
from heroes.jobs.runtime import Model, shipped

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

MAX_CHARS = 100_000  # an ad longer than this is cut: no real ad is, and scoring stays fast on 5 MB of junk
BATCH = 512


class BadInput(ValueError):
    """The input is not an ad that can be checked (empty, binary, not text)."""


def clean(text: str | bytes) -> tuple[str, bool]:
    """Validated text and whether it was truncated; raises BadInput for empty or binary input."""
    if isinstance(text, bytes):
        if b"\x00" in text[:65536]:
            raise BadInput("the input looks binary (it contains NUL bytes), not a text ad")
        text = text.decode("utf-8", errors="replace")
    sample = text[:65536]
    if sample and sum(1 for c in sample if c < " " and c not in "\t\n\r\f") > len(sample) * 0.05:
        raise BadInput("the input looks binary (many control characters), not a text ad")
    if len(sample) >= 200 and sample.count("\ufffd") > len(sample) * 0.05:
        raise BadInput("the input is not UTF-8 text")
    if not text.strip():
        raise BadInput("the ad is empty")
    truncated = len(text) > MAX_CHARS
    return (text[:MAX_CHARS] if truncated else text), truncated


def _label(risk: float, model: Model) -> str:
    return "fraudulent" if risk >= model.threshold else "legitimate"


def check(text: str | bytes, lang: str = "auto", model: Model | None = None) -> dict[str, Any]:
    """Check one ad: risk (0..1), label, model score, red flags with evidence, and advice for the job seeker."""
    model = model or shipped()
    text, truncated = clean(text)
    if lang == "auto":
        lang = langs.detect(text)
    if lang not in redflags.LANGS:
        raise BadInput(f"language must be auto, {' or '.join(redflags.LANGS)}; not {lang!r}")
    score = float(model.score([text])[0])
    flags = redflags.find(text, lang)
    risk = redflags.combine(score, flags)
    advice = [f["advice"] for f in flags] or [redflags.general_advice(lang)]
    return {
        "risk": round(risk, 4),
        "label": _label(risk, model),
        "model_score": round(score, 4),
        "red_flags": flags,
        "advice": advice,
        "lang": lang,
        "truncated": truncated,
    }


def check_rows(rows: Iterable[Mapping[str, object]], model: Model | None = None) -> Iterator[dict[str, Any]]:
    """Score many EMSCAD-style rows (dicts); rows are scored in batches, results come back in order.

    Risk and label equal `check`'s. For speed, `red_flags` lists a row's flags only when a strong one fires (the
    only case where flags change the risk); `check` on the single ad lists every flag, weak ones included.
    """
    from concurrent.futures import ThreadPoolExecutor  # batch mode only: one-ad checks start faster without it

    model = model or shipped()
    batch: list[tuple[Mapping[str, object], str, str]] = []
    # onnxruntime releases the GIL: the model scores a batch in a second thread while this one runs the rules
    with ThreadPoolExecutor(max_workers=1) as pool:
        for row in rows:
            plain = compose(row)[:MAX_CHARS]
            batch.append(
                (row, plain, model.compose(row)[: 2 * MAX_CHARS] if model.tagged or model.uses_meta else plain)
            )
            if len(batch) >= BATCH:
                yield from _score_batch(batch, model, pool)
                batch = []
        yield from _score_batch(batch, model, pool)


def _score_batch(
    batch: list[tuple[Mapping[str, object], str, str]], model: Model, pool: ThreadPoolExecutor
) -> Iterator[dict[str, Any]]:
    future = pool.submit(model.score, [text for _, _, text in batch])
    all_flags = [redflags.find_decisive(text) for _, text, _ in batch]
    for (row, _, _), score, flags in zip(batch, future.result(), all_flags, strict=True):
        risk = redflags.combine(float(score), flags)
        out: dict[str, Any] = {}
        if row.get("job_id") not in (None, ""):
            out["job_id"] = row["job_id"]
        out.update(risk=round(risk, 4), label=_label(risk, model), red_flags=[f["id"] for f in flags])
        yield out


def check_csv(source: str | Path | IO[str], model: Model | None = None) -> Iterator[dict[str, Any]]:
    """One record per CSV row, in order: job_id (when present), risk, label, red flag ids; or row and error."""
    if isinstance(source, (str, Path)):
        with open_text(source) as stream:
            yield from check_csv(stream, model)
        return
    model = model or shipped()
    good: list[tuple[int, dict[str, str]]] = []

    def flush() -> Iterator[dict[str, Any]]:
        for (number, _), result in zip(good, check_rows([c for _, c in good], model), strict=True):
            yield {"row": number, **result}
        good.clear()

    for row in iter_rows(source):
        if row.error:
            yield from flush()
            record: dict[str, Any] = {"row": row.number}
            if row.cells.get("job_id"):
                record["job_id"] = row.cells["job_id"]
            record["error"] = row.error
            yield record
        else:
            good.append((row.number, row.cells))
            if len(good) >= BATCH:
                yield from flush()
    yield from flush()
