"""Turns one item into its findings: the hash pass, then every analyser that accepts the item's type, then the
members of archives. A plain function of picklable values, so a process pool or a Dask worker can run it.

Every item gets a file record. Its `size` is the logical size the source declares; digests are written only when
every byte was read. An incomplete read gives `"complete": false` with `bytes_read`, an `error` finding with the
cause, and no analysis: analysers would only see part of the content."""

from __future__ import annotations

import logging

from heroes.core.analyser import Analyser, Damaged, NotMine, Outcome
from heroes.core.context import ItemContext
from heroes.core.finding import FILE, Finding, error
from heroes.core.item import Item, locator_to_json
from heroes.core.settings import Settings
from heroes.engine import registry
from heroes.engine.hashpass import HashResult, hash_item
from heroes.engine.services import services_for

log = logging.getLogger(__name__)

ARCHIVE_MIMES = frozenset(
    {
        "application/zip",
        "application/x-tar",
        "application/gzip",
        "application/x-gzip",
        "application/x-bzip2",
        "application/x-xz",
    }
)


def file_record(item: Item, result: HashResult, mime: str) -> Finding:
    """The item's ``file`` finding: what the source says of it, its digests when the read was complete, its type."""
    data = {
        "deleted": item.deleted,
        "size": item.size,
        **result.hashes(),
        "mime": mime,
        "extension": item.extension,
        **item.times(),
        "depth": item.depth,
        **item.extra,
        "locator": locator_to_json(item.locator),
    }
    if not result.complete:
        data.update(complete=False, bytes_read=result.size)
    return Finding(FILE.name, item.path, data, analyser="hash")


def _run(analyser: Analyser, ctx: ItemContext) -> Outcome:
    """One analyser on one item, inside the engine boundary: NotMine is quiet, Damaged and anything unexpected
    become an ``error`` finding, and the scan goes on."""
    try:
        result = analyser.analyse(ctx)
        return result if isinstance(result, Outcome) else Outcome(list(result or ()))
    except NotMine:
        return Outcome()
    except Damaged as exc:
        return Outcome([error(ctx.item.path, str(exc), analyser.name)])
    except Exception as exc:  # the engine boundary: anything unexpected becomes a finding, the scan goes on
        log.debug("analyser %s failed on %s", analyser.name, ctx.item.path, exc_info=True)
        return Outcome([error(ctx.item.path, f"{type(exc).__name__}: {exc}", analyser.name)])


def _expand(ctx: ItemContext, settings: Settings, analysers: list[Analyser]) -> list[Finding]:
    from heroes.sources.archive import expand

    out: list[Finding] = []
    for child in expand(ctx):
        if isinstance(child, Finding):
            out.append(child)
        else:
            out.extend(process_item(child, settings, analysers))
    return out


def _expand_image(
    ctx: ItemContext, head: bytes, settings: Settings, analysers: list[Analyser], out: list[Finding]
) -> bool:
    """A disk image inside an archive or another image: its items processed here, under ``PATH!/``. (Images
    directly in a folder are walked by the folder source instead.) True when the item was one."""
    from heroes.sources.volumes import sniff_volume

    if not (head.startswith((b"EVF", b"EVF2")) or sniff_volume(head)):
        return False  # the cheap test: most items stop here
    if ctx.item.depth >= settings.archive_max_depth:
        return False
    from heroes.sources.diskimage import expand_image, nested_image

    try:
        with ctx.open() as stream:
            if nested_image(stream) is None:
                return False
        for child in expand_image(ctx.item, settings.archive_max_members):
            out.extend([child] if isinstance(child, Finding) else process_item(child, settings, analysers))
    except Exception as exc:  # a damaged container: said, and the scan goes on
        out.append(error(ctx.item.path, f"disk image: {type(exc).__name__}: {exc}", "diskimage"))
    return True


def process_item(
    item: Item, settings: Settings, analysers: list[Analyser] | None = None, mime: str | None = None
) -> list[Finding]:
    """`mime`: the type when the source already knows it (a crawled page's Content-Type), so libmagic is skipped."""
    analysers = registry.enabled() if analysers is None else analysers
    result = hash_item(item, settings.chunk_size)
    if not mime:  # an unreadable item's type is unknown, not "empty"
        mime = result.mime if result.head or result.complete else "application/octet-stream"
    findings = [file_record(item, result, mime)]
    if not result.complete:
        reason = f"incomplete read, no hashes, not analysed: {result.error}"
        findings.append(error(item.path, reason, "hash", bytes_read=result.size, size=item.size))
        return findings
    ctx = ItemContext(item, settings, mime, result.hashes(), services_for(settings))
    for analyser in analysers:
        if not analyser.accepts(mime):
            continue
        outcome = _run(analyser, ctx)
        findings.extend(outcome.findings)
        if outcome.skip_rest:
            return findings  # e.g. a known-good (NSRL) file: hashed and marked, nothing more to learn from it
    if len(item.locator) > 1 and _expand_image(ctx, result.head, settings, analysers, findings):
        return findings
    if mime in ARCHIVE_MIMES:
        if item.depth >= settings.archive_max_depth:
            findings.append(
                error(
                    item.path,
                    f"archive not opened: nesting depth limit {settings.archive_max_depth} reached",
                    "archive",
                )
            )
        else:
            try:
                findings.extend(_expand(ctx, settings, analysers))
            except NotMine:
                pass
            except Exception as exc:
                findings.append(error(item.path, f"archive: {type(exc).__name__}: {exc}", "archive"))
    return findings
