"""Lesson Markdown: sections from ``## Title {#id}``, citations ``[@source-id]`` and glossary links.

A lesson body is CommonMark (markdown-it-py, raw HTML off, so a content edit can never inject markup or script)
with three conventions partners learn in a minute:

- every section is a level-2 heading with a stable id, ``## What to do now {#now}``: the id is the same in every
  language, so the checks can compare translations section by section;
- a fact cites its source as ``[@ilo-2009]`` (several: ``[@ilo-2009; @unodc-2009]``), an id in sources.yaml;
- a term links to the glossary as ``[grooming](glossary:grooming)``.

Parsing happens once per lesson; rendering takes an ``env`` that says where glossary terms and citations point
(the web page, or anchors inside a printed handout).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

CITE = re.compile(r"\[@([a-z0-9-]+(?:\s*;\s*@[a-z0-9-]+)*)\]")
SECTION_ID = re.compile(r"\s*\{#([a-z0-9-]+)\}\s*$")
GLOSSARY = "glossary:"


def _cite(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    found = CITE.match(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"ids": [part.strip().lstrip("@") for part in found.group(1).split(";")]}
    state.pos = found.end()
    return True


def _render_cite(self: RendererHTML, tokens: Sequence[Token], idx: int, _options: Any, env: dict[str, Any]) -> str:
    number: dict[str, int] = env["cite_number"]
    anchor: Callable[[str], str] = env["cite_anchor"]
    links = "".join(f'<a href="#{anchor(i)}">[{number[i]}]</a>' for i in tokens[idx].meta["ids"])
    return f'<sup class="cite">{links}</sup>'


def _render_link(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith(GLOSSARY):  # the token is shared by every render: change a copy
        attrs = {**token.attrs, "href": env["glossary_href"](href[len(GLOSSARY) :]), "class": "term"}
        return self.renderToken([token.copy(attrs=attrs)], 0, options, env)
    return self.renderToken(tokens, idx, options, env)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.inline.ruler.before("link", "cite", _cite)
    md.add_render_rule("cite", _render_cite)
    md.add_render_rule("link_open", _render_link)
    return md


MD = _parser()


@dataclass(frozen=True)
class Section:
    """One ``##`` section: its id and title, its tokens, and what it refers to (for the translation checks)."""

    id: str
    title: str
    tokens: tuple[Token, ...]
    cites: tuple[str, ...]
    terms: tuple[str, ...]
    links: tuple[str, ...]
    words: int
    headings: tuple[str, ...]  # any heading other than this section's own h2 (h1 is not allowed)

    def html(self, env: dict[str, Any]) -> str:
        return str(MD.renderer.render(list(self.tokens), MD.options, env))


class MarkupError(ValueError):
    """A body that does not start with a section heading, or a section heading without an ``{#id}``."""


def _refers(tokens: Sequence[Token]) -> tuple[list[str], list[str], list[str], int]:
    cites: list[str] = []
    terms: list[str] = []
    links: list[str] = []
    words = 0
    for token in tokens:
        for child in token.children or ():
            if child.type == "cite":
                cites.extend(child.meta["ids"])
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                (terms if href.startswith(GLOSSARY) else links).append(href.removeprefix(GLOSSARY))
            elif child.type in ("text", "code_inline"):  # a word has a letter or digit; punctuation is not one
                words += sum(1 for w in child.content.split() if any(c.isalnum() for c in w))
    return cites, terms, links, words


def _section(heading: Token, tokens: list[Token]) -> Section:
    found = SECTION_ID.search(heading.content)
    if found is None:
        raise MarkupError(f"section heading {heading.content!r} has no id: write it as '## Title {{#some-id}}'")
    title = heading.content[: found.start()].strip()
    cites, terms, links, words = _refers(tokens)
    others = tuple(t.tag for t in tokens if t.type == "heading_open")
    return Section(found.group(1), title, tuple(tokens), tuple(cites), tuple(terms), tuple(links), words, others)


def parse_sections(body: str) -> list[Section]:
    """The body's sections, in order."""
    tokens = MD.parse(body, {})
    out: list[Section] = []
    heading: Token | None = None
    current: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open" and token.tag == "h2":
            if heading is not None:
                out.append(_section(heading, current))
            heading, current = tokens[i + 1], []
            i += 3  # heading_open, inline, heading_close
            continue
        if heading is None:
            raise MarkupError("the text must start with a section heading ('## Title {#id}')")
        current.append(token)
        i += 1
    if heading is not None:
        out.append(_section(heading, current))
    return out
