"""Job ads in seized documents and crawled pages, scored by the job-offer checker: risky ones become `job_offer`
findings with the risk, the label and the trafficking red flags, so an analyst sees recruitment lures first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from heroes.core.analyser import Analyser
from heroes.core.finding import Finding
from heroes.text import mimes_of

if TYPE_CHECKING:
    from heroes.core.context import ItemContext

#: words that job ads use and other texts rarely do together (English and Spanish)
_JOB_WORDS = re.compile(
    r"\b(job|jobs|vacanc(?:y|ies)|position|hiring|we\s+are\s+looking\s+for|recruit\w*|salary|wages?|per\s+hour|"
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
    name: ClassVar[str] = "job_offer"
    handles: ClassVar[tuple[str, ...]] = mimes_of("pdf", "docx", "html", "plain")
    order: ClassVar[int] = 65
    requires: ClassVar[tuple[str, ...]] = ("onnxruntime", "numpy")

    def analyse(self, ctx: ItemContext) -> Iterator[Finding]:
        text = ctx.text()
        if not text or not reads_as_job_ad(text):
            return
        from heroes.jobs import BadInput, check

        try:
            result = check(text)
        except BadInput:
            return  # binary or empty after extraction: not a job ad
        if result["risk"] < MIN_RISK:
            return
        yield Finding(
            "job_offer",
            ctx.item.path,
            {
                "risk": result["risk"],
                "label": result["label"],
                "model_score": result["model_score"],
                "lang": result["lang"],
                "red_flags": [f["id"] for f in result["red_flags"]],
            },
            analyser=self.name,
        )
