"""One contact behind many "companies": the clearest sign of a network posting lures in bulk.

A batch of ads (a CSV, a crawl, the documents of a seized device) is read once for its contacts: phone numbers,
WhatsApp numbers, e-mail addresses and Telegram handles, normalised by the entity validators (E.164 numbers, so
"+34 612 34 56 78" and "wa.me/34612345678" are one contact). A contact found in the ads of SHARED_MIN or more
different companies becomes a `shared_contact` red flag on each of those ads, naming the other companies, and a
cluster in the batch's summary. Ads of one employer that share its number are one company and get nothing.

The company is the `company` (or `company_name`, `employer`, `agency`) column, else the first line of the company
profile; an ad that names no company is not counted, so it can neither make nor join a cluster.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SHARED_MIN = 3
COMPANY_COLUMNS = ("company", "company_name", "employer", "agency")
MAX_SCAN = 20_000  # characters of an ad searched for contacts: they sit in the text, not after pages of it
#: every contact the finders report contains one of these (a '+' number, an e-mail or @handle, a messenger link):
#: most ads have none, and a substring test is far cheaper than the finders
_GATES = ("+", "@", "wa.me", "whatsapp.com", "t.me", "telegram", "tg://")


def contacts_in(text: str) -> set[str]:
    """Normalised contacts in an ad: E.164 numbers (phone or WhatsApp), e-mail addresses, Telegram @handles."""
    from heroes.entities.email import find_emails
    from heroes.entities.messengers import find_telegram, find_whatsapp
    from heroes.entities.phone import find_phones

    text = text[:MAX_SCAN]
    if not any(gate in text for gate in _GATES) and not any(gate in text.lower() for gate in _GATES[2:]):
        return set()
    found = {e.value for e in find_phones(text)}
    found |= {e.value for e in find_whatsapp(text) if e.value.startswith("+")}
    found |= {e.value.lower() for e in find_emails(text)}
    found |= {"@" + e.value for e in find_telegram(text) if "/" not in e.value}
    return found


_SPACE = re.compile(r"\s+")


def company_of(row: Mapping[str, object]) -> str | None:
    """The company an ad names, normalised for comparison (case and spacing); None when it names none."""
    for key in COMPANY_COLUMNS:
        value = row.get(key)
        if value is not None and str(value).strip():
            return _SPACE.sub(" ", str(value)).strip().casefold()[:120]
    profile = str(row.get("company_profile") or "").strip()
    if profile:
        first = re.split(r"[\n.!?]", profile, maxsplit=1)[0]
        return _SPACE.sub(" ", first).strip().casefold()[:120] or None
    return None


@dataclass
class Cluster:
    """One contact and the ads (by key) and companies that use it."""

    contact: str
    companies: set[str] = field(default_factory=set)
    ads: list[Any] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"contact": self.contact, "companies": sorted(self.companies), "ads": self.ads}


class SharedContacts:
    """Collects (ad key, company, contacts) for a batch; then says which ads share a contact across companies."""

    def __init__(self, minimum: int = SHARED_MIN) -> None:
        self.minimum = minimum
        self._by_contact: dict[str, Cluster] = {}
        self._company: dict[Any, str] = {}

    def add(self, key: Any, company: str | None, text: str) -> None:
        if company is None:
            return
        self._company[key] = company
        for contact in contacts_in(text):
            cluster = self._by_contact.setdefault(contact, Cluster(contact))
            cluster.companies.add(company)
            cluster.ads.append(key)

    def clusters(self) -> list[Cluster]:
        """Contacts used by at least `minimum` companies, most companies first."""
        found = [c for c in self._by_contact.values() if len(c.companies) >= self.minimum]
        return sorted(found, key=lambda c: (-len(c.companies), c.contact))

    def flags(self) -> dict[Any, list[dict[str, Any]]]:
        """For each ad in a cluster: one entry per shared contact, naming the other companies that use it."""
        out: dict[Any, list[dict[str, Any]]] = {}
        for cluster in self.clusters():
            for key in cluster.ads:
                others = sorted(cluster.companies - {self._company[key]})
                out.setdefault(key, []).append({"contact": cluster.contact, "other_companies": others})
        return out
