"""Job ads in seized documents and crawled pages, scored by the job-offer checker: risky ones become `job_offer`
findings with the risk, the label and the trafficking red flags, so an analyst sees recruitment lures first.

Pictures (flyers, screenshots) are read with OCR and checked the same way when the scan asks for it
(`heroes triage --ocr-jobs`, setting `ocr_jobs`): off by default, since OCR costs seconds a picture. The finding
then carries the text that was read. Each finding also lists the ad's normalised contacts and company, so ads that
share a contact across companies can be found afterwards in findings.jsonl."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from heroes.core.analyser import Analyser
from heroes.core.finding import Finding
from heroes.core.kinds import KindSpec
from heroes.text import mimes_of, text_of

JOB_OFFER = KindSpec("job_offer", "Risky job offer", alert=True)
PICTURES = ("image/png", "image/jpeg", "image/webp")
MAX_PICTURE = 20 << 20  # bytes read from a picture for OCR

if TYPE_CHECKING:
    from heroes.core.context import ItemContext

#: words that job ads use and other texts rarely do together (English and Spanish); the lookahead holds their first
#: letters, so the alternation is tried only where one of them can begin (2-3x faster on plain text, same matches)
_JOB_WORDS = re.compile(
    r"\b(?=[abcefhijoprstvw])(job|jobs|vacanc(?:y|ies)|position|hiring|we\s+are\s+looking\s+for|recruit\w*|salary|wages?|per\s+hour|"
    r"apply|applicants?|candidates?|requirements|experience|full[- ]time|part[- ]time|employer|work\s+abroad|"
    r"trabajo|empleo|vacantes?|puesto|se\s+busca\w*|buscamos|sueldo|salario|requisitos|experiencia|contrato|"
    r"jornada|candidat[oa]s?|incorporación|oferta)\b",
    re.IGNORECASE,
)
MIN_JOB_WORDS = 3  # distinct job words before a text counts as a job ad
MIN_RISK = 0.5  # calibrated at the true fraud rate: report ads at least as likely fraudulent as not


def reads_as_job_ad(text: str) -> bool:
    """True when at least MIN_JOB_WORDS distinct job-ad words occur in the first 20,000 characters."""
    words = {m.group(0).lower() for m in _JOB_WORDS.finditer(text[:20_000])}
    return len(words) >= MIN_JOB_WORDS


class JobOfferAnalyser(Analyser):
    """Job ads (documents, pages and, with OCR on, pictures) scored for the red flags of labour exploitation."""

    name: ClassVar[str] = "job_offer"
    handles: ClassVar[tuple[str, ...]] = (*mimes_of("pdf", "docx", "html", "plain"), *PICTURES)
    order: ClassVar[int] = 65
    requires: ClassVar[tuple[str, ...]] = ("onnxruntime", "numpy")

    def analyse(self, ctx: ItemContext) -> Iterator[Finding]:
        """A `job_offer` finding when the text reads as a job ad and its risk reaches MIN_RISK."""
        from heroes.jobs import BadInput, check

        ocr = None
        if ctx.mime in PICTURES:
            if not ctx.settings.ocr_jobs:
                return
            ocr = self._read_picture(ctx)
            text = ocr.text if ocr is not None else None
        else:
            text = text_of(ctx)
        if not text or not reads_as_job_ad(text):
            return
        try:
            result = check(text)
        except BadInput:
            return  # binary or empty after extraction: not a job ad
        if result["risk"] < MIN_RISK:
            return
        from heroes.jobs.contacts import contacts_in

        data = {
            "risk": result["risk"],
            "label": result["label"],
            "model_score": result["model_score"],
            "lang": result["lang"],
            "red_flags": [f["id"] for f in result["red_flags"]],
            "contacts": sorted(contacts_in(text)),
        }
        if ocr is not None:
            data["ocr_text"] = ocr.text[:2000]
        yield Finding(JOB_OFFER.name, ctx.item.path, data, analyser=self.name)

    @staticmethod
    def _read_picture(ctx: ItemContext):  # -> Reading | None
        from heroes.jobs import ocr

        try:
            return ocr.read(ctx.read(MAX_PICTURE))
        except ocr.PictureError:
            return None  # no readable text: not an ad this analyser can check
