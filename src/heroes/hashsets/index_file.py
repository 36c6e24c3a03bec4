"""The PDQ index of a bank database, saved next to it and memory-mapped, so that a triage start opens a
10-million-hash bank in about a second instead of reading and indexing every row again.

The files live in one folder (``<database>.pdq-index`` beside a SQLite file, under ``$XDG_STATE_HOME/heroes`` for a
server database, as `heroes.store.db.database_stem` says) with the bank's *version*: the number of PDQ entries, the
highest entry id and its value, and every bank's id, name and creation time. Entries are only ever added or removed
with their bank, so any change to the PDQ entries changes the version, and a stale folder is rebuilt, never read.
A folder is written under a temporary name and renamed into place, so a reader never sees half of one; workers that
open it at once share the same pages of the operating system's cache.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from heroes.hashsets.index import PdqIndex

FORMAT = 1  # bump when the files' layout changes: older folders are rebuilt


@dataclass(frozen=True)
class PdqBankIndex:
    """The radius index over every PDQ entry with, per row, its bank id and category."""

    index: PdqIndex
    bank_ids: np.ndarray  # (N,) int32
    category_codes: np.ndarray  # (N,) int32 into ``categories``; -1: none
    categories: list[str]

    @classmethod
    def build(cls, hashes: np.ndarray, bank_ids: np.ndarray, cats: list[str | None]) -> PdqBankIndex:
        names = sorted({c for c in cats if c is not None})
        code = {name: i for i, name in enumerate(names)}
        codes = np.fromiter((-1 if c is None else code[c] for c in cats), dtype=np.int32, count=len(cats))
        return cls(PdqIndex(hashes), np.asarray(bank_ids, dtype=np.int32), codes, names)

    def category(self, row: int) -> str | None:
        code = int(self.category_codes[row])
        return None if code < 0 else self.categories[code]

    def save(self, folder: Path, version: str) -> None:
        """Write the index to ``folder`` atomically (a temporary folder renamed into place)."""
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        arrays = {**self.index.arrays(), "bank_ids": self.bank_ids, "category_codes": self.category_codes}
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array)
        meta = {"format": FORMAT, "version": version, "categories": self.categories}
        (tmp / "meta.json").write_text(json.dumps(meta))
        old = folder.with_name(f"{folder.name}.old-{os.getpid()}")
        if folder.exists():
            folder.rename(old)  # readers that mapped the old files keep them until they close
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, version: str) -> PdqBankIndex | None:
        """The index saved in ``folder`` for ``version``, memory-mapped; None when absent, stale or unreadable."""
        try:
            meta = json.loads((folder / "meta.json").read_text())
            if meta.get("format") != FORMAT or meta.get("version") != version:
                return None
            a = {n: np.load(folder / f"{n}.npy", mmap_mode="r") for n in ("hashes", "ids", "offsets", "bank_ids")}
            codes = np.load(folder / "category_codes.npy", mmap_mode="r")
        except (OSError, ValueError):
            return None
        if not len(a["hashes"]) == len(a["bank_ids"]) == len(codes) or len(a["ids"]) != 16 * len(a["hashes"]):
            return None
        return cls(PdqIndex.from_arrays(a["hashes"], a["ids"], a["offsets"]), a["bank_ids"], codes, meta["categories"])


def open_index(
    folder: Path | None, version: str, read: Callable[[], tuple[np.ndarray, np.ndarray, list[str | None]]]
) -> PdqBankIndex:
    """The saved index in ``folder`` when it matches ``version``; else one built from ``read()`` and saved there
    (when ``folder`` is None, or cannot be written, the index lives in memory only)."""
    if folder is not None and (found := PdqBankIndex.load(folder, version)) is not None:
        return found
    built = PdqBankIndex.build(*read())
    if folder is not None and len(built.bank_ids):
        try:
            built.save(folder, version)
        except OSError:
            return built
        if (mapped := PdqBankIndex.load(folder, version)) is not None:
            return mapped  # the pages are shared with the other workers, not this process's own
    return built
