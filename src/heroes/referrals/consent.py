"""Consent first: what may travel with a referral depends on it.

- ``given``: the contact fields the person agreed to share travel, sealed; the legal basis is their consent.
- ``refused``: only an anonymous alert: the screening result, no contact field, no reference, no note.
- ``not_possible``: for a child (or a person whose age is unknown: presumption of minority) or a person in urgent
  danger, the referral may go without consent, and the legal basis must be named (a child-protection duty,
  vital interests). Anyone else must be asked, or an anonymous alert sent.

Contact fields are a fixed list, each checked: phone numbers with phonenumbers (stored as E.164), e-mail addresses
with email-validator, the rest as short plain text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from heroes.referrals.errors import ReferralError

CONSENTS = ("given", "refused", "not_possible")
CONTACT_FIELDS = ("name", "phone", "email", "language", "address", "safe_contact", "other")
MAX_TEXT = 200
CONSENT_BASIS = "consent of the person (GDPR Art. 6(1)(a), 9(2)(a))"
REGIONS = {"UK": "GB"}  # our directory's country codes -> phonenumbers' regions


@dataclass(frozen=True)
class Consent:
    value: str
    legal_basis: str
    anonymous: bool


def plain_text(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ReferralError(where, "expected text")
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ReferralError(where, f"at most {MAX_TEXT} characters")
    if any(not ch.isprintable() for ch in value):
        raise ReferralError(where, "control characters are not allowed")
    return value


def phone_e164(value: str, country: str) -> str:
    """A contact phone number in E.164, or a ReferralError that says how to write it."""
    region = REGIONS.get(country, country) if country else None
    try:
        number = phonenumbers.parse(value, region if region in phonenumbers.SUPPORTED_REGIONS else None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        hint = f" for {country}" if country else ""
        raise ReferralError(
            "contact.phone", f"{value!r} is not a valid phone number{hint} (give the country code: +34 ...)"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ReferralError("contact.email", f"{value!r} is not an e-mail address ({exc})") from None


def clean_contact(contact: Any, country: str = "") -> dict[str, str]:
    """The contact fields given, checked and normalised; empty fields are left out."""
    if contact is None:
        return {}
    if not isinstance(contact, Mapping):
        raise ReferralError("contact", f"expected an object with some of {', '.join(CONTACT_FIELDS)}")
    out: dict[str, str] = {}
    for key, raw in contact.items():
        if key not in CONTACT_FIELDS:
            raise ReferralError(f"contact.{key}", f"unknown field; expected some of {', '.join(CONTACT_FIELDS)}")
        value = plain_text(f"contact.{key}", raw)
        if not value:
            continue
        out[key] = phone_e164(value, country) if key == "phone" else _email(value) if key == "email" else value
    return out


def decide(consent: Any, legal_basis: Any, contact: dict[str, str], *, age_group: str, urgent: bool) -> Consent:
    """The consent record for a referral, or an error saying what may not be sent."""
    if consent not in CONSENTS:
        raise ReferralError("consent", f"{consent!r} is not one of {', '.join(CONSENTS)}")
    basis = plain_text("legal_basis", legal_basis or "")
    if consent == "given":
        return Consent("given", basis or CONSENT_BASIS, anonymous=False)
    if consent == "refused":
        if contact:
            raise ReferralError(
                "contact", "consent was refused: only an anonymous alert can be sent, without contact fields"
            )
        return Consent("refused", "", anonymous=True)
    if age_group in ("child", "unknown"):
        reason = "child"
    elif urgent:
        reason = "urgent danger"
    else:
        raise ReferralError(
            "consent",
            "not_possible applies to a child or a person in urgent danger only: ask for consent, "
            "or send an anonymous alert (consent: refused)",
        )
    if not basis:
        raise ReferralError(
            "legal_basis",
            "name the legal basis for referring without consent (a child-protection duty, vital interests ...)",
        )
    return Consent("not_possible", f"not possible ({reason}): {basis}", anonymous=False)
