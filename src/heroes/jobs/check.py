"""The public checks: one ad as text or as a picture, or many rows of a CSV, scored by the model and the red flags.

The text model was trained on English and Spanish ads (EMSCAD): a Bengali ad is scored by the red flags alone and
its result says so. In a batch (CSV), a contact shared by the ads of several companies adds `shared_contact`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from heroes.jobs import lang as langs
from heroes.jobs import redflags
from heroes.jobs.contacts import SharedContacts, company_of
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


def _label(risk: float, threshold: float) -> str:
    return "fraudulent" if risk >= threshold else "legitimate"


def check(text: str | bytes, lang: str = "auto", model: Model | None = None) -> dict[str, Any]:
    """Check one ad: risk (0..1), label, model score, red flags with evidence, and advice for the job seeker.

    `lang` picks the language of the explanations (auto: the ad's). The model scores English and Spanish ads only;
    for an ad in another language (Bengali) `model_score` is None, `model_used` False and `note` says why.
    """
    text, truncated = clean(text)
    ad_lang = langs.detect(text)
    lang = ad_lang if lang == "auto" else lang
    if lang not in redflags.LANGS:
        raise BadInput(f"language must be auto, {', '.join(redflags.LANGS)}; not {lang!r}")
    used = ad_lang in langs.MODEL_LANGS
    score = float((model or shipped()).score([text])[0]) if used else None
    flags = redflags.find(text, lang)
    risk = redflags.combine(score or 0.0, flags)
    advice = [f["advice"] for f in flags] or [redflags.general_advice(lang)]
    out = {
        "risk": round(risk, 4),
        "label": _label(risk, redflags.text_threshold()),
        "model_score": None if score is None else round(score, 4),
        "model_used": used,
        "red_flags": flags,
        "advice": advice,
        "lang": lang,
        "truncated": truncated,
    }
    if not used:
        out["note"] = redflags.model_not_used(lang)
    return out


def check_picture(data: bytes, lang: str = "auto", model: Model | None = None) -> dict[str, Any]:
    """Check an ad posted as a PNG, JPEG or WebP picture: OCR, then `check`; the result carries what was read."""
    from heroes.jobs import ocr  # Tesseract and Pillow only when a picture is checked

    try:
        reading = ocr.read(data)
    except ocr.PictureError as exc:
        raise BadInput(str(exc)) from None
    result = check(reading.text, lang, model)
    result["ocr"] = reading.as_dict()
    return result


def check_input(data: bytes, lang: str = "auto", model: Model | None = None) -> dict[str, Any]:
    """A file's or an upload's bytes: a picture is read by OCR first, anything else is checked as text."""
    from heroes.jobs.ocr import is_picture

    return check_picture(data, lang, model) if is_picture(data) else check(data, lang, model)


def check_rows(
    rows: Iterable[Mapping[str, object]],
    model: Model | None = None,
    shared: Mapping[int, list[dict[str, Any]]] | None = None,
) -> Iterator[dict[str, Any]]:
    """Score many EMSCAD-style rows (dicts); rows are scored in batches, results come back in order.

    Risk equals `check`'s; the label uses the model's own threshold (chosen on EMSCAD rows). For speed,
    `red_flags` lists a row's flags only when a strong one fires (the only case where flags change the risk);
    `check` on the single ad lists every flag, weak ones included. `shared` maps a row's 0-based position to its
    shared contacts (`SharedContacts.flags`): those rows get the `shared_contact` flag and its details.
    """
    from concurrent.futures import ThreadPoolExecutor  # batch mode only: one-ad checks start faster without it

    model = model or shipped()
    shared = shared or {}
    batch: list[tuple[Mapping[str, object], str, str, list[dict[str, Any]]]] = []
    # onnxruntime releases the GIL: the model scores a batch in a second thread while this one runs the rules
    with ThreadPoolExecutor(max_workers=1) as pool:
        for position, row in enumerate(rows):
            plain = compose(row)[:MAX_CHARS]
            tagged = model.compose(row)[: 2 * MAX_CHARS] if model.tagged or model.uses_meta else plain
            batch.append((row, plain, tagged, shared.get(position, [])))
            if len(batch) >= BATCH:
                yield from _score_batch(batch, model, pool)
                batch = []
        yield from _score_batch(batch, model, pool)


def _score_batch(
    batch: list[tuple[Mapping[str, object], str, str, list[dict[str, Any]]]], model: Model, pool: ThreadPoolExecutor
) -> Iterator[dict[str, Any]]:
    future = pool.submit(model.score, [text for _, _, text, _ in batch])
    all_flags = [
        [*redflags.find(text), redflags.shared_contact(entries)] if entries else redflags.find_decisive(text)
        for _, text, _, entries in batch
    ]
    for (row, plain, _, entries), score, flags in zip(batch, future.result(), all_flags, strict=True):
        bengali = langs.is_bengali(plain)
        risk = redflags.combine(0.0 if bengali else float(score), flags)
        out: dict[str, Any] = {}
        if row.get("job_id") not in (None, ""):
            out["job_id"] = row["job_id"]
        out.update(risk=round(risk, 4), label=_label(risk, model.threshold), red_flags=[f["id"] for f in flags])
        if bengali:
            out.update(lang="bn", model_used=False)
        if entries:
            out["shared_contact"] = entries
        yield out


def shared_contacts(source: str | Path | IO[str]) -> SharedContacts:
    """First pass over a CSV: the contacts of every readable row, keyed by the row's 0-based position among them."""
    if isinstance(source, (str, Path)):
        with open_text(source) as stream:
            return shared_contacts(stream)
    found = SharedContacts()
    position = 0
    for row in iter_rows(source):
        if not row.error:
            found.add(position, company_of(row.cells), compose(row.cells))
            position += 1
    return found


def check_csv(
    source: str | Path | IO[str], model: Model | None = None, shared: SharedContacts | None = None
) -> Iterator[dict[str, Any]]:
    """One record per CSV row, in order: job_id (when present), risk, label, red flag ids; or row and error.

    `shared` (from `shared_contacts` on the same CSV) adds `shared_contact` to rows whose contact is also used by
    ads of other companies.
    """
    if isinstance(source, (str, Path)):
        with open_text(source) as stream:
            yield from check_csv(stream, model, shared)
        return
    model = model or shipped()
    flags = shared.flags() if shared is not None else {}
    good: list[tuple[int, dict[str, str]]] = []
    done = 0  # readable rows scored so far: the keys of `flags`

    def flush() -> Iterator[dict[str, Any]]:
        nonlocal done
        mine = {i - done: flags[i] for i in range(done, done + len(good)) if i in flags}
        for (number, _), result in zip(good, check_rows([c for _, c in good], model, mine), strict=True):
            yield {"row": number, **result}
        done += len(good)
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
