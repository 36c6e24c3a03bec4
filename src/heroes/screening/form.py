"""The printable referral form: one self-contained HTML page (inline CSS, no scripts), optionally a PDF.

Urgent guidance and the emergency numbers are printed first; unverified numbers are marked on the form itself.
PDF needs the optional `weasyprint` package (`pip install heroes[screening-pdf]`); without it only PDF is
disabled, with a message that says how to enable it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from heroes.optional import MissingExtra
from heroes.packdata import templates
from heroes.screening.kb import KnowledgeBase, load
from heroes.screening.record import ScreeningRecord


def render_html(record: ScreeningRecord, kb: KnowledgeBase | None = None) -> str:
    kb = kb or load()
    template = templates("heroes.screening", "data").get_template("referral_form.html.j2")
    return template.render(
        r=record,
        res=record.result,
        title=kb.say("form_title", record.lang),
        unverified=kb.say("unverified", record.lang),
    )


def render_pdf(html: str) -> bytes:
    try:
        with warnings.catch_warnings():  # weasyprint warns at import about a system library it may need one day
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint  # optional and heavy: imported only when a PDF is asked for
    except ImportError as exc:
        raise MissingExtra("weasyprint") from exc
    return weasyprint.HTML(string=html).write_pdf()


def write_form(record: ScreeningRecord, path: Path) -> Path:
    """Writes the form as HTML, or as PDF when `path` ends in .pdf."""
    html = render_html(record)
    if path.suffix.lower() == ".pdf":
        path.write_bytes(render_pdf(html))
    else:
        path.write_text(html, encoding="utf-8")
    return path
