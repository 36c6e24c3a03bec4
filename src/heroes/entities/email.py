"""E-mail addresses: a permissive pattern finds candidates, email-validator (no DNS) decides.

Mail on onion services is real on the dark web, but email-validator rejects `.onion` as a special-use domain.
Rather than editing the library's global list, an onion address is checked in two halves: the local part by
email-validator (against a neutral domain), the host by our own v3 onion validation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from heroes.entities.model import CACHE_SIZE, Entity
from heroes.entities.onion import is_valid_onion

# found from each '@': the local part backwards (a pattern starting with a character class would be tried at
# every position of the text), the domain forwards
LOCAL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}\Z")
DOMAIN_RE = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{1,62}(?![A-Za-z0-9-])"
)


@lru_cache(maxsize=CACHE_SIZE)
def normalise_email(address: str) -> str | None:
    """The address with its domain lower-cased, or None when it is not a valid address."""
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    if domain.endswith(".onion"):
        if not is_valid_onion(domain):
            return None
        probe = f"{local}@example.com"
    else:
        probe = f"{local}@{domain}"
    try:
        result = validate_email(probe, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return f"{result.local_part}@{domain}"


def find_emails(text: str) -> Iterator[Entity]:
    at = text.find("@")
    while at != -1:
        local = LOCAL_RE.search(text, max(0, at - 64), at)
        domain = DOMAIN_RE.match(text, at + 1) if local else None
        if local and domain and (value := normalise_email(text[local.start() : domain.end()])):
            yield Entity("email", value, local.start())
        at = text.find("@", at + 1)
