"""Lesson Markdown: sections, citations, glossary links, and no way to inject markup."""

from __future__ import annotations

import pytest

from heroes.learn.markup import MarkupError, parse_sections

BODY = """## First {#one}

A fact [@src-a] and [a term](glossary:grooming), two sources [@src-a; @src-b].

## What to do now {#now}

- call [the line](https://example.org/help) <script>alert(1)</script>
"""

ENV = {
    "cite_number": {"src-a": 1, "src-b": 2},
    "cite_anchor": lambda s: f"x-{s}",
    "glossary_href": lambda t: f"/g#{t}",
}


def test_sections_and_what_they_refer_to():
    one, now = parse_sections(BODY)
    assert (one.id, one.title, now.id, now.title) == ("one", "First", "now", "What to do now")
    assert one.cites == ("src-a", "src-a", "src-b") and one.terms == ("grooming",) and one.links == ()
    assert now.links == ("https://example.org/help",) and now.cites == ()
    assert one.words == 7  # "A fact and a term, two sources": links count, citations and punctuation do not


def test_rendering_citations_and_glossary_links():
    html = parse_sections(BODY)[0].html(ENV)
    assert '<sup class="cite"><a href="#x-src-a">[1]</a></sup>' in html
    assert '<sup class="cite"><a href="#x-src-a">[1]</a><a href="#x-src-b">[2]</a></sup>' in html
    assert '<a href="/g#grooming" class="term">a term</a>' in html
    again = parse_sections(BODY)[0].html({**ENV, "glossary_href": lambda t: f"#term-{t}"})
    assert 'href="#term-grooming"' in again  # the parsed tokens were not changed by the first render


def test_raw_html_is_text():
    html = parse_sections(BODY)[1].html(ENV)
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("body", "message"), [("text first\n\n## A {#a}\n", "must start with"), ("## No id\n\ntext\n", "has no id")]
)
def test_structure_errors(body, message):
    with pytest.raises(MarkupError, match=message):
        parse_sections(body)
