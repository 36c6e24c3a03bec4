"""HTML: the visible text, the title and meta tags, and the link targets (href), which are appended to the text so
that links such as ``https://t.me/...`` or ``mailto:`` reach entity extraction even when the anchor text hides them.
Uses the standard library parser: it never fails on broken markup, which is most markup found on seized disks."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from heroes.text import Extracted
from heroes.text.plain import decode

_INVISIBLE = frozenset({"script", "style", "template"})  # not "head": often left unclosed
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "hr",
        "form",
    }
)
_LINK_TAGS = frozenset({"a", "area"})
# meta name -> metadata key
_META = {
    "author": "author",
    "description": "description",
    "keywords": "keywords",
    "generator": "application",
    "og:title": "og_title",
    "og:url": "og_url",
    "og:site_name": "site_name",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag in _INVISIBLE:
            self._hidden += 1
        elif tag == "meta":
            name = (values.get("name") or values.get("property") or "").strip().lower()
            if name in _META and values.get("content", "").strip():
                self.meta.setdefault(_META[name], values["content"].strip())
        if tag in _LINK_TAGS and values.get("href", "").strip():
            href = values["href"].strip()
            if href not in self.links and not href.startswith(("#", "javascript:")):
                self.links.append(href)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _INVISIBLE:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def _charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract(data: bytes, *, max_chars: int, partial: bool) -> Extracted:
    """Visible text and links of an HTML page, with its encoding, title and meta tags."""
    markup, encoding = decode(data, partial, hint=_charset(data))
    page = _Page()
    page.feed(markup)
    page.close()
    text = _tidy("".join(page.parts))
    if page.links:
        text += "\n\n" + "\n".join(page.links)
    metadata: dict[str, str | int] = {"encoding": encoding, "links": len(page.links)}
    title = " ".join("".join(page.title).split())
    if title:
        metadata["title"] = title
    metadata.update(page.meta)
    return Extracted(text=text, metadata=metadata)
