"""The analyser plugin contract: a small class that says what it handles and turns one item into findings.

Analysers never touch storage, never catch broad exceptions, never write to the evidence and keep no state of their
own between items: what they need besides the item (the bank matcher, a classifier) comes from ``ctx.services``.
The engine matches them to items by MIME type, owns provenance and timing, and turns anything unexpected into an
``error`` finding with the item's path. An analyser that learns the rest of the item need not be looked at (a file
a known-good bank lists) returns an `Outcome` with ``skip_rest``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from heroes.core.context import ItemContext
    from heroes.core.finding import Finding


class NotMine(Exception):
    """Raised by an analyser that finds on closer look that the item is not its format; nothing is recorded."""


class Damaged(Exception):
    """Raised by an analyser when the item is its format but damaged; the engine records an ``error`` finding."""


@dataclass
class Outcome:
    """An analyser's findings, and whether the engine should skip the rest of the item: the analysers after it,
    and the members of an archive or disk image."""

    findings: list[Finding] = field(default_factory=list)
    skip_rest: bool = False


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
        """Whether an item of this type goes to this analyser."""
        return any(fnmatch.fnmatchcase(mime, pattern) for pattern in self.handles)

    def analyse(self, ctx: ItemContext) -> Iterable[Finding] | Outcome:
        """The item's findings (a list, a generator), or an `Outcome`; raise NotMine or Damaged as above."""
        raise NotImplementedError
