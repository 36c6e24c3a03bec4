"""Runs every identifier family over a text and returns the entities in text order.

Each family module owns its pattern and validation; this module only composes them. The region hint (ISO
3166 alpha-2, from the page's language or TLD) matters only to phone numbers written without '+'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from heroes.entities.bitcoin import find_bitcoin
from heroes.entities.email import find_emails
from heroes.entities.ethereum import find_ethereum
from heroes.entities.iban import find_ibans
from heroes.entities.messengers import find_telegram, find_whatsapp
from heroes.entities.model import Entity
from heroes.entities.monero import find_monero
from heroes.entities.onion import find_onions
from heroes.entities.pgp import find_pgp
from heroes.entities.phone import find_phones
from heroes.entities.url import find_urls

FINDERS: tuple[Callable[[str], Iterable[Entity]], ...] = (
    find_emails,
    find_urls,
    find_onions,
    find_ibans,
    find_bitcoin,
    find_ethereum,
    find_monero,
    find_pgp,
    find_telegram,
    find_whatsapp,
)


def extract_entities(text: str, region: str = "") -> list[Entity]:
    """All validated identifiers in `text`, sorted by offset; one entity per (type, value, offset)."""
    found: dict[tuple[str, str, int], Entity] = {}
    for finder in FINDERS:
        for entity in finder(text):
            found.setdefault((entity.type, entity.value, entity.offset), entity)
    for entity in find_phones(text, region):
        found.setdefault((entity.type, entity.value, entity.offset), entity)
    return sorted(found.values(), key=lambda e: (e.offset, e.type, e.value))
