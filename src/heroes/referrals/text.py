"""The referral pages' words in English, Spanish and Bengali (``data/text.yaml``), and which language a page uses.

The language comes from ``?lang=`` (remembered in a cookie), else the cookie, else the browser's
``Accept-Language``, else English. Bengali is offered on the responder's pages (sending and following a referral);
the inbox and the statistics are in English and Spanish, and a Bengali reader sees them in English.
"""

from __future__ import annotations

from functools import cache

from heroes.packdata import load_yaml

LANGS = ("en", "es", "bn")
COORDINATION_LANGS = ("en", "es")
NAMES = {"en": "English", "es": "Español", "bn": "বাংলা"}


@cache
def strings() -> dict[str, dict[str, str]]:
    data = load_yaml("heroes.referrals", "data", "text.yaml")
    return {**data["responder"], **data["coordination"]}


def say(key: str, lang: str) -> str:
    entry = strings()[key]
    return entry.get(lang) or entry["en"]


def choose(asked: str | None, remembered: str | None, accept_language: str, offered: tuple[str, ...] = LANGS) -> str:
    """The page's language among ``offered``."""
    for lang in (asked, remembered):
        if lang in offered:
            return lang
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in offered:
            return code
    return "en"
