"""The toolkit's optional parts, and the one line a user sees when one is missing.

`pip install heroes` gives triage, matching, screening, the job checker, the shield and the dashboard; the crawler,
video hashes, Dask, PostgreSQL, PDF forms, faiss, OCR of pictures and the `train` commands need extras. `make demo`
installs them all (the `all` extra, pinned in requirements/run.lock). The CLI turns a missing one into this message
and exit status 2.
"""

from __future__ import annotations

# top-level module -> (extra that installs it, what needs it)
EXTRAS: dict[str, tuple[str, str]] = {
    "scrapy": ("crawl", "the crawler"),
    "httpx": ("crawl", "the crawler"),
    "socksio": ("crawl", "the crawler's SOCKS proxy"),
    "dask": ("dask", "a Dask cluster (--scheduler)"),
    "distributed": ("dask", "a Dask cluster (--scheduler)"),
    "psycopg": ("postgres", "a PostgreSQL store"),
    "vpdq": ("video", "video hashes (vPDQ)"),
    "faiss": ("faiss", "the faiss PDQ index"),
    "weasyprint": ("screening-pdf", "PDF forms"),
    "sklearn": ("train", "training a model"),
    "skl2onnx": ("train", "training a model"),
    "onnx": ("train", "reading a model's weights (the shield page's bundle)"),
    "pytesseract": ("ocr", "reading job ads in pictures (OCR)"),
}


class MissingExtra(ModuleNotFoundError):
    """An optional module is not installed; the message names it and the command that installs it."""

    def __init__(self, module: str) -> None:
        extra, needed_by = EXTRAS[module]
        super().__init__(
            f"error: {needed_by} needs the Python package '{module}', which is not installed. "
            f"Install it with: pip install 'heroes[{extra}]' (or run `make demo`, which installs every part).",
            name=module,
        )


def missing_extra(exc: ModuleNotFoundError) -> MissingExtra | None:
    """`exc` as a MissingExtra when it is about an optional part, else None (a real bug: let it surface)."""
    if isinstance(exc, MissingExtra):
        return exc
    top = (exc.name or "").split(".")[0]
    return MissingExtra(top) if top in EXTRAS else None
