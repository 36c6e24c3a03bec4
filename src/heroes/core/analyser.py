"""The analyser plugin contract: a small class that says what it handles and turns one item into findings.

Analysers never touch storage, never catch broad exceptions, and never write to the evidence. The engine
matches them to items by MIME type, owns provenance and timing, and turns anything unexpected into an
``error`` finding with the item's path.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from heroes.core.context import ItemContext
    from heroes.core.finding import Finding


class NotMine(Exception):
    """Raised by an analyser that finds on closer look that the item is not its format; nothing is recorded."""


class Damaged(Exception):
    """Raised by an analyser when the item is its format but damaged; the engine records an ``error`` finding."""


class Analyser:
    """Base class: subclasses set `name`, `handles` and implement `analyse`."""

    name: ClassVar[str] = ""
    #: MIME patterns (fnmatch style, e.g. "image/*"); ("*",) means every item.
    handles: ClassVar[tuple[str, ...]] = ("*",)
    #: Run order: lower first. Analysers that feed others (text extraction) run early.
    order: ClassVar[int] = 50
    #: Python modules this analyser needs; a missing one disables it with a reason, not the package.
    requires: ClassVar[tuple[str, ...]] = ()

    def accepts(self, mime: str) -> bool:
        return any(fnmatch.fnmatchcase(mime, pattern) for pattern in self.handles)

    def analyse(self, ctx: ItemContext) -> Iterable[Finding]:
        raise NotImplementedError
