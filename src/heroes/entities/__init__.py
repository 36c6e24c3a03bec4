"""Identifiers found in text (e-mail, phone, IBAN, crypto addresses, onion, PGP, messengers), validated so that
checksummed ones carry no false positives. Entry point: `extract_entities`."""

from __future__ import annotations

from heroes.entities.extract import extract_entities
from heroes.entities.model import Entity

__all__ = ["Entity", "extract_entities"]
