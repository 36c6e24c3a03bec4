"""What a matcher reads from hash banks, whatever holds them: the banks with their settings, entries found by value,
and the PDQ and vPDQ entries an index is built from. `heroes.hashsets.store.BankStore` is the database behind it;
the matcher and the analysers see only this contract, never the database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from heroes.hashsets.index_file import PdqBankIndex

NOTABLE, KNOWN, NEGATIVE = "notable", "known", "negative"  # report matches; known-good: mark, skip; suppress
KINDS = (NOTABLE, KNOWN, NEGATIVE)
VPDQ_QUERY_SHARE, VPDQ_INDEX_SHARE = 80, 0  # python-threatexchange's VPDQ_QUERY/INDEX_MATCH_THRESHOLD_PERCENT


@dataclass(frozen=True)
class Bank:
    """One bank and its match settings (see `heroes.hashsets.models.HashBank`)."""

    id: int
    name: str
    kind: str
    scheme: str
    pdq_threshold: int
    vpdq_query_share: int
    vpdq_index_share: int


@dataclass(frozen=True)
class Hit:
    """One bank entry that a value matched."""

    bank: Bank
    algo: str
    value: str
    category: str | None
    media_id: str | None


class BankReader(Protocol):
    """Read access to the banks, as a matcher needs it."""

    def banks(self) -> dict[int, Bank]:
        """Every bank by id."""
        ...

    def counts(self) -> dict[str, dict[str, int]]:
        """Entries per bank name and signal."""
        ...

    def lookup(self, algo: str, values: Sequence[str]) -> list[Hit]:
        """The entries of signal ``algo`` whose value is one of ``values`` (lower-case hex)."""
        ...

    def pdq_arrays(self) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """Every PDQ entry as (N, 32) uint8 hashes, their bank ids and categories."""
        ...

    def pdq_index(self) -> PdqBankIndex:
        """The radius index over every PDQ entry, with each row's bank and category."""
        ...

    def vpdq_rows(self) -> Iterator[tuple[int, str, str | None, str | None, dict[str, Any]]]:
        """(bank id, video id, category, media id, stored frames) of every vPDQ entry."""
        ...
