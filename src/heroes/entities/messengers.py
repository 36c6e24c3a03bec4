"""Telegram and WhatsApp contacts: links are unambiguous; a bare @handle counts only next to a Telegram keyword.

Telegram usernames are 5-32 of [A-Za-z0-9_], start with a letter, do not end in '_', and are case-insensitive
(normalised to lower case). Invite links (t.me/+HASH, t.me/joinchat/HASH) are normalised to t.me/+HASH; the hash
is case-sensitive. WhatsApp wa.me / api.whatsapp.com numbers are international without '+': normalised to E.164
and validated with phonenumbers (and also reported as a phone). Group invites chat.whatsapp.com/CODE are opaque.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from heroes.entities.model import Entity
from heroes.entities.phone import to_e164

_USER = r"[A-Za-z][A-Za-z0-9_]{3,31}(?![A-Za-z0-9_])"
# links are matched from their host name (a scheme or "www." before it is allowed, not required): a pattern
# that starts with optional parts is tried at every position of the text, ten times slower
_HOST = r"(?<![A-Za-z0-9-])"
TG_LINK_RE = re.compile(
    _HOST + r"(?:t\.me|telegram\.me|telegram\.dog)/(?:(?:joinchat/|\+)([A-Za-z0-9_-]{10,})|(?:s/)?(" + _USER + "))",
    re.IGNORECASE,
)
TG_GATE_RE = re.compile(r"[tT](?i:\.me|elegram\.|g://)")
# "<user>.t.me" is found from the literal suffix backwards (a leading character class is tried everywhere)
TG_SUFFIX_RE = re.compile(r"\.t\.me(?![A-Za-z0-9-])", re.IGNORECASE)
TG_SUBDOMAIN_RE = re.compile(r"(?<![A-Za-z0-9_.-])[A-Za-z][A-Za-z0-9_]{3,31}\Z")
TG_SCHEME_RE = re.compile(r"tg://(?:resolve\?domain=(" + _USER + r")|join\?invite=([A-Za-z0-9_-]{10,}))", re.IGNORECASE)
TG_HANDLE_RE = re.compile(r"@(?<![A-Za-z0-9_.@]@)(" + _USER + ")")
# the platform named closest before a bare @handle (else just after it) decides whose handle it is
PLATFORMS_RE = re.compile(
    r"\b(?:telegram|tg|telegr|twitter|x|instagram|insta|ig|tiktok|snapchat|snap|facebook|fb|"
    r"onlyfans|kik|signal|wickr|threema|session|discord|skype|whats ?app)\b",
    re.IGNORECASE,
)
_TELEGRAM = frozenset({"telegram", "tg", "telegr"})
RESERVED = frozenset(
    {
        "addstickers",
        "addemoji",
        "addtheme",
        "addlist",
        "joinchat",
        "proxy",
        "socks",
        "share",
        "login",
        "confirmphone",
        "setlanguage",
        "iv",
        "boost",
        "invoice",
        "giftcode",
        "contact",
    }
)

WA_GATE_RE = re.compile(r"[wW](?i:a\.me/|hatsapp\.com/)")
WA_NUMBER_RE = re.compile(
    _HOST + r"(?:wa\.me/|(?:api|web)\.whatsapp\.com/send/?\?(?:[^\s\"'<>]*?&)?phone=)\+?(\d{6,15})(?!\d)", re.IGNORECASE
)
WA_GROUP_RE = re.compile(_HOST + r"chat\.whatsapp\.com/(?:invite/)?([A-Za-z0-9]{16,32})(?![A-Za-z0-9])", re.IGNORECASE)


def telegram_username(name: str) -> str | None:
    """The normalised username, or None for reserved paths and names Telegram does not allow."""
    name = name.lower()
    if not 5 <= len(name) <= 32 or name.endswith("_") or name in RESERVED or not name[0].isalpha():
        return None
    return name


def _telegram_context(text: str, start: int, end: int) -> bool:
    before = list(PLATFORMS_RE.finditer(text, max(0, start - 60), start))
    if before:
        return before[-1].group().lower() in _TELEGRAM
    after = PLATFORMS_RE.search(text, end, min(len(text), end + 40))
    return after is not None and after.group().lower() in _TELEGRAM


def _telegram_links(text: str) -> Iterator[Entity]:
    for m in TG_LINK_RE.finditer(text):
        if m.group(1):
            yield Entity("telegram", "t.me/+" + m.group(1), m.start(), "high", {"form": "invite"})
        elif (user := telegram_username(m.group(2))) is not None:
            yield Entity("telegram", user, m.start(), "high", {"form": "username"})
    for suffix in TG_SUFFIX_RE.finditer(text):
        sub = TG_SUBDOMAIN_RE.search(text, max(0, suffix.start() - 32), suffix.start())
        if sub and (user := telegram_username(sub.group())) is not None:
            yield Entity("telegram", user, sub.start(), "high", {"form": "username"})
    for m in TG_SCHEME_RE.finditer(text):
        if m.group(2):
            yield Entity("telegram", "t.me/+" + m.group(2), m.start(), "high", {"form": "invite"})
        elif (user := telegram_username(m.group(1))) is not None:
            yield Entity("telegram", user, m.start(), "high", {"form": "username"})


def find_telegram(text: str) -> Iterator[Entity]:
    if TG_GATE_RE.search(text):
        yield from _telegram_links(text)
    if "@" in text:
        for m in TG_HANDLE_RE.finditer(text):
            user = telegram_username(m.group(1))
            if user is not None and _telegram_context(text, m.start(), m.end()):
                yield Entity("telegram", user, m.start(), "medium", {"form": "username"})


def find_whatsapp(text: str) -> Iterator[Entity]:
    if not WA_GATE_RE.search(text):
        return
    for m in WA_NUMBER_RE.finditer(text):
        e164 = to_e164("+" + m.group(1))
        if e164:
            yield Entity("whatsapp", e164, m.start(), "high", {"form": "number"})
            yield Entity("phone", e164, m.start(1), "high", {"trigger": "whatsapp"})
    for m in WA_GROUP_RE.finditer(text):
        yield Entity("whatsapp", "chat.whatsapp.com/" + m.group(1), m.start(), "high", {"form": "group_invite"})
