"""URLs: trailing punctuation trimmed, scheme and host lower-cased, onion hosts flagged."""

from __future__ import annotations

from heroes.entities.url import find_urls

DDG = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"


def test_urls_in_text():
    text = (
        "See (https://Example.COM/path?q=1). and HTTP://User:pw@Foo.org:80/x, "
        "https://en.wikipedia.org/wiki/Foo_(bar) http://localhost/ https://münchen.de/x "
        f"http://{DDG}/index and http://{DDG[:-8]}a.onion/"
    )
    found = [(e.value, e.confidence) for e in find_urls(text)]
    assert found == [
        ("https://example.com/path?q=1", "high"),
        ("http://User:pw@foo.org/x", "high"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "high"),
        ("https://münchen.de/x", "high"),
        (f"http://{DDG}/index", "high"),
        (f"http://{DDG[:-8]}a.onion/", "low"),
    ]
    assert next(iter(find_urls(text))).offset == text.index("https://Example")
