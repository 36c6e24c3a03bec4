"""http(s) URLs, scheme and host lower-cased. Trailing punctuation belongs to the sentence, not the link, and a
closing bracket only to a link that opened one. A URL on an onion host whose address fails validation is still
reported (it is in the text) but with low confidence; the onion host itself is reported by `onion.find_onions`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from heroes.entities.model import CACHE_SIZE, Entity
from heroes.entities.onion import is_valid_onion

URL_RE = re.compile(r"[hH](?<![0-9A-Za-z_][hH])(?i:ttps?://)[^\s<>\"'`{}|\\^\[\]]+")
_HOST_RE = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TRAILING = ".,;:!?'\"*"
_PAIRS = {")": "(", "]": "["}


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _PAIRS and url.count(last) > url.count(_PAIRS[last])):
            url = url[:-1]
        else:
            break
    return url


@lru_cache(maxsize=CACHE_SIZE)
def normalise_url(url: str) -> str | None:
    """Scheme and host lower-cased, default port dropped; None when the host is not a dotted name or IPv4."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii")  # internationalised names are checked in their IDNA form
    except UnicodeError:
        return None
    if not _HOST_RE.fullmatch(ascii_host):
        return None
    userinfo, at, hostport = parts.netloc.rpartition("@")
    hostport = hostport.lower()  # credentials in a link are evidence: kept as written
    if port is not None and (parts.scheme.lower(), port) in (("http", 80), ("https", 443)):
        hostport = hostport.rsplit(":", 1)[0]
    netloc = userinfo + at + hostport
    rest = url[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{netloc}{rest or '/'}"


def find_urls(text: str) -> Iterator[Entity]:
    """URLs with a scheme, normalised; onion addresses are checked and get low confidence when invalid."""
    if "://" not in text:
        return
    for m in URL_RE.finditer(text):
        value = normalise_url(_trim(m.group()))
        if value is None:
            continue
        host = urlsplit(value).hostname or ""
        if host.endswith(".onion"):
            confidence = "high" if is_valid_onion(host) else "low"
            yield Entity("url", value, m.start(), confidence, {"onion": True})
        else:
            yield Entity("url", value, m.start(), "high")
