"""Document metadata (title, author, dates, authoring application, page count) of PDF, DOCX and HTML files: who
wrote a document, with what and when is often the link between a seized file and a person. Runs early and asks
for the extracted text, so the text is parsed once and cached for the entity analysers that follow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from heroes.core.analyser import Analyser
from heroes.core.finding import Finding
from heroes.core.kinds import KindSpec, Record, TimeField
from heroes.text import DOCUMENT_FORMATS, extracted, mimes_of

if TYPE_CHECKING:
    from heroes.core.context import ItemContext

_PRIMITIVES = (str, int, float, bool)


def _titled(record: Record) -> str:
    return f": {record['title']}" if record.get("title") else ""


_DATES = (
    TimeField("created", "doc:created", "Document created"),
    TimeField("modified", "doc:modified", "Document modified"),
)
DOCUMENT = KindSpec("document", "Document metadata", times=_DATES, time_detail=_titled, uco="Annotation")


class DocumentsAnalyser(Analyser):
    """Metadata of PDF, DOCX and other documents (author, title, dates, pages) from the shared text extraction."""

    name = "documents"
    handles = mimes_of(*DOCUMENT_FORMATS)
    order = 20

    def analyse(self, ctx: ItemContext) -> Iterator[Finding]:
        found = extracted(ctx)  # TooLarge or Damaged propagate: the engine records them as error findings
        if found is None:
            return
        data = {k: v for k, v in found.metadata.items() if isinstance(v, _PRIMITIVES)}
        data["chars"] = len(found.text)
        yield Finding(DOCUMENT.name, ctx.item.path, data, analyser=self.name)
