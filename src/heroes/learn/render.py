"""A lesson ready for a template: sections as HTML, numbered sources, and the help lines for a country.

The web pages and the printed handouts use the same view; they differ only in where a glossary term points (the
glossary page, or the glossary at the end of the handout) and in the prefix of the source anchors (a handout holds
several lessons on one page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from heroes.learn.content import Guide, Lesson, Source
from heroes.learn.helplines import by_country


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    html: str


@dataclass(frozen=True)
class LessonView:
    lesson: Lesson
    sections: list[SectionView]
    sources: list[tuple[int, str, Source]]  # number, anchor, source
    helplines: list[tuple[str, list[dict[str, Any]]]]  # (country, contacts), the chosen country first


def view(
    guide: Guide,
    lesson: Lesson,
    country: str,
    glossary_href: Callable[[str], str],
    anchor_prefix: str = "",
    other_countries: bool = True,
) -> LessonView:
    """A lesson ready for a page: sections as HTML with numbered citations, sources and the helplines of `country`."""

    def anchor(source_id: str) -> str:
        return f"{anchor_prefix}src-{source_id}"

    number = {source_id: n for n, source_id in enumerate(lesson.cites, start=1)}
    env = {"cite_number": number, "cite_anchor": anchor, "glossary_href": glossary_href}
    return LessonView(
        lesson=lesson,
        sections=[SectionView(s.id, s.title, s.html(env)) for s in lesson.sections],
        sources=[(n, anchor(s), guide.sources[s]) for s, n in number.items()],
        helplines=by_country(lesson.helplines, country, lesson.lang, other_countries),
    )
