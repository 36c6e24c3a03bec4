"""Whom to call: the country's referral contacts, ordered for the situation, unverified numbers marked.

Order: emergency numbers first when anything is urgent, child lines first for a child, then the national
referral mechanism, police lines and helplines. Each entry keeps its source and `checked_on`, and `unverified`
is true where the research could not confirm the number or its scope.
"""

from __future__ import annotations

from typing import Any

from heroes.screening.kb import KnowledgeBase, Referral

BASE_ORDER = ["emergency", "child_helpline", "nrm", "police_line", "helpline"]


def _audience_fits(ref: Referral, age_group: str) -> bool:
    if ref.audience == "any" or age_group == "unknown":
        return True
    return ref.audience == age_group


def as_dict(kb: KnowledgeBase, ref: Referral, lang: str) -> dict[str, Any]:
    """A referral contact as the pages and the API show it, in `lang`."""
    return {
        "id": ref.id,
        "country": ref.country,
        "kind": ref.kind,
        "name": kb.text(ref.name, lang),
        "phone": ref.phone,
        "email": ref.email,
        "url": ref.url,
        "hours": ref.hours,
        "note": kb.text(ref.note, lang) if ref.note else "",
        "audience": ref.audience,
        "unverified": ref.status != "verified",
        "source": ref.source,
        "checked_on": ref.checked_on,
    }


def select_referrals(
    kb: KnowledgeBase,
    country: str | None,
    age_group: str,
    lang: str = "en",
    urgent: bool = False,
    child_protection: bool = False,
) -> list[dict[str, Any]]:
    """The contacts for `country` (none when no country is given), best first."""
    if not country:
        return []
    order = list(BASE_ORDER)
    if child_protection or age_group == "child":
        order.remove("child_helpline")
        order.insert(0 if not urgent else 1, "child_helpline")
    picked = [r for r in kb.referrals if r.country == country.upper() and _audience_fits(r, age_group)]
    picked.sort(key=lambda r: (order.index(r.kind), r.status != "verified"))
    return [as_dict(kb, r, lang) for r in picked]


def countries(kb: KnowledgeBase) -> list[str]:
    return sorted({r.country for r in kb.referrals})
