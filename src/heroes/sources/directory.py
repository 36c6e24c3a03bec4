"""A folder of evidence (a mounted disk, an export, a copied phone dump), walked without ever leaving it.

Symbolic links are never followed: a link could point outside the evidence or into a loop, and either would make
the walk neither bounded nor reproducible; each link becomes a ``symlink`` finding instead. FIFOs, sockets and
devices are never opened (reading a FIFO blocks forever): each becomes a ``special`` finding. Names are kept as
the OS gives them (surrogate escapes for non-UTF-8 bytes), so the locator re-opens the exact file. The order is
sorted and depth-first, so a resumed scan sees the same sequence. A file that is a disk image (by content: a
volume or file system TSK opens, or an E01's first segment) is listed as a file and then walked like any image,
its items under ``path!/``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

from heroes.core.finding import Finding, error
from heroes.core.item import Item
from heroes.core.opener import list_os_dir, open_os_file
from heroes.sources.base import SPECIAL, SYMLINK, Source

NAME = "directory"
MIN_IMAGE = 16 << 10  # smaller files are not looked at as disk images


def file_type(mode: int) -> str:
    """A human name for a non-regular file type."""
    for test, name in (
        (stat.S_ISFIFO, "fifo"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISLNK, "symlink"),
    ):
        if test(mode):
            return name
    return "unknown"


def os_item(rel: str, full: str, st: os.stat_result) -> Item:
    """An item for a regular file on the examiner's machine, with the times its stat record gives."""
    return Item(
        path=rel,
        locator=({"t": "os", "path": full},),
        size=st.st_size,
        deleted=False,
        mtime=st.st_mtime,
        atime=st.st_atime,
        ctime=st.st_ctime,
        crtime=getattr(st, "st_birthtime", None),
    )


def _image_inside(rel: str, full: str, st: os.stat_result) -> Iterator[Item | Finding]:
    """The items of a disk image found in the folder (by content), under ``rel!/``: walked like any evidence."""
    if st.st_size < MIN_IMAGE:
        return
    from heroes.sources.diskimage import DiskImageSource, nested_image

    try:
        with open_os_file(full) as stream:
            kind = nested_image(stream)
    except OSError:
        return  # the hash pass reads it again and reports why it cannot
    if kind is None:
        return
    try:
        source = DiskImageSource(full, None, f"{rel}!/", 1)
    except OSError as exc:
        yield error(rel, f"disk image cannot be opened: {type(exc).__name__}: {exc}", NAME)
        return
    yield from source.items()


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


class DirectorySource(Source):
    """A folder on the examiner's machine, walked depth-first in sorted order (see the module docstring)."""

    kind = "directory"
    order = 10

    @classmethod
    def claims(cls, path: str) -> bool:
        return os.path.isdir(path)

    def __init__(self, path: str):
        super().__init__(path)
        self.root = os.path.abspath(path)

    def describe(self) -> dict[str, object]:
        return {"kind": self.kind, "path": self.root}

    def items(self) -> Iterator[Item | Finding]:
        """Every file of the folder, depth first, without following links out of it or looping."""
        try:
            st = os.stat(self.root)  # the root itself may be given as a link: the examiner chose it
        except OSError as exc:
            yield error(".", f"cannot open evidence folder: {type(exc).__name__}: {exc}", NAME)
            return
        if not stat.S_ISDIR(st.st_mode):
            yield error(".", f"evidence is not a folder: {file_type(st.st_mode)}", NAME)
            return
        root_real = os.path.realpath(self.root)
        visited = {(st.st_dev, st.st_ino)}  # bind mounts can make a directory its own descendant
        stack: list[Iterator[tuple[str, str]]] = []
        listing = self._list("", self.root)
        if isinstance(listing, Finding):
            yield listing
            return
        stack.append(listing)
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            rel, full = entry
            try:
                st = os.lstat(full)
            except OSError as exc:
                yield error(rel, f"cannot stat: {type(exc).__name__}: {exc}", NAME)
                continue
            if stat.S_ISDIR(st.st_mode):
                if (st.st_dev, st.st_ino) in visited:
                    yield error(rel, "directory loop: already visited (bind mount?)", NAME)
                    continue
                visited.add((st.st_dev, st.st_ino))
                listing = self._list(rel, full)
                if isinstance(listing, Finding):
                    yield listing
                else:
                    stack.append(listing)
            elif stat.S_ISREG(st.st_mode):
                yield os_item(rel, full, st)
                yield from _image_inside(rel, full, st)
            elif stat.S_ISLNK(st.st_mode):
                yield from self._symlink(rel, full, root_real)
            else:
                yield Finding(SPECIAL.name, rel, {"type": file_type(st.st_mode)}, analyser=NAME)

    @staticmethod
    def _list(rel: str, full: str) -> Iterator[tuple[str, str]] | Finding:
        try:
            names = sorted(list_os_dir(full))
        except OSError as exc:
            return error(rel or ".", f"cannot list directory: {type(exc).__name__}: {exc}", NAME)
        return ((f"{rel}/{name}" if rel else name, os.path.join(full, name)) for name in names)

    @staticmethod
    def _symlink(rel: str, full: str, root_real: str) -> Iterator[Finding]:
        try:
            target = os.readlink(full)
        except OSError as exc:
            yield error(rel, f"cannot read symlink: {type(exc).__name__}: {exc}", NAME)
            return
        data: dict[str, object] = {"target": target}
        try:
            os.stat(full)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                data.update(resolves_inside_root=False, loop=True)
                yield Finding(SYMLINK.name, rel, data, analyser=NAME)
                yield error(rel, "symlink loop", NAME, target=target)
                return
            data["dangling"] = True
        data["resolves_inside_root"] = _inside(os.path.realpath(full), root_real)
        yield Finding(SYMLINK.name, rel, data, analyser=NAME)
