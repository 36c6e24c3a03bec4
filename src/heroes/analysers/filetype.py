"""Extension mismatch: a file whose name claims one type while its signature (libmagic) says another, the oldest
way to hide pictures and archives from a casual look. The rules are data in ``filetypes.yaml``:

- a listed extension whose acceptable types do not include the signature type is a mismatch ("the name lies");
- a generic extension (.dat, .bin, .tmp) or an unknown one (.boo, .hmm) is a mismatch only when the content is a
  well-known media, archive, document or executable type ("a type hidden behind the name");
- no extension, an empty file, and unknown content under a generic or unknown extension are never reported.

When the signature type is one no text module reads but the bytes are clean text all the same (heroes.text), the
finding says that the text was searched anyway (``text_by_content``): libmagic misnames some text files.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from heroes.core.analyser import Analyser
from heroes.core.finding import Finding
from heroes.core.kinds import KindSpec, Record
from heroes.packdata import load_yaml
from heroes.text import extracted, format_of

if TYPE_CHECKING:
    from heroes.core.context import ItemContext

_NEVER = frozenset({"application/x-empty", "inode/x-empty"})


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _statement(record: Record) -> str:
    return (
        f"Extension .{_text(record.get('extension')).lstrip('.')} does not match the content type "
        f"{_text(record.get('mime'))} (expected {_text(record.get('expected'))})"
    )


MISMATCH = KindSpec(
    "mismatch",
    "Extension mismatch",
    report="mismatches",
    uco="Annotation",
    statement=_statement,
    item_facts=lambda record: {"mismatch": True},
)


@dataclass(frozen=True)
class Rules:
    extensions: dict[str, tuple[str, ...]]
    generic: frozenset[str]
    well_known: tuple[str, ...]


def _flat(values: list[Any]) -> tuple[str, ...]:
    """YAML has no list splat: `[a, *anchor]` nests the anchored list, so flatten one level."""
    out: list[str] = []
    for value in values:
        out.extend(str(v).lower() for v in (value if isinstance(value, list) else [value]))
    return tuple(dict.fromkeys(out))


@cache
def rules() -> Rules:
    raw = load_yaml("heroes.analysers", "filetypes.yaml")
    return Rules(
        extensions={str(ext).lower(): _flat(mimes) for ext, mimes in raw["extensions"].items()},
        generic=frozenset(str(ext).lower() for ext in raw["generic"]),
        well_known=_flat(raw["well_known"]),
    )


def _matches(mime: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(mime, p) for p in patterns)


def check(extension: str, mime: str, table: Rules | None = None) -> tuple[list[str], str] | None:
    """(expected mimes, reason) when `extension` and the signature type `mime` disagree, else None."""
    table = table or rules()
    ext, mime = extension.lower(), mime.lower()
    if not ext or not mime or mime in _NEVER:
        return None
    expected = table.extensions.get(ext)
    if expected is not None and ext not in table.generic:
        if _matches(mime, expected):
            return None
        return list(expected), f"extension .{ext} does not match the signature type {mime}"
    if not _matches(mime, table.well_known):
        return None
    kind = "generic" if ext in table.generic else "unknown"
    return [], f"{mime} hidden behind the {kind} extension .{ext}"


class FileTypeAnalyser(Analyser):
    """Items whose extension disagrees with their content type: renamed files are a classic way to hide material."""

    name = "filetype"
    handles = ("*",)
    order = 10

    def analyse(self, ctx: ItemContext) -> Iterator[Finding]:
        """A `mismatch` finding when the extension does not fit the content type."""
        result = check(ctx.item.extension, ctx.mime)
        if result is None:
            return
        expected, reason = result
        data: dict[str, Any] = {
            "extension": ctx.item.extension.lower(),
            "mime": ctx.mime,
            "expected": expected,
            "reason": reason,
        }
        if format_of(ctx.mime) is None and (found := extracted(ctx)) and found.metadata.get("text_by_content"):
            data["text_by_content"] = True
            data["reason"] += f"; the content reads as clean {found.metadata['encoding']} text and was searched"
        yield Finding(MISMATCH.name, ctx.item.path, data, analyser=self.name)
