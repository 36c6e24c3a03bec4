"""The shipped guide: four audiences, every lesson in English, Spanish and Bengali with the same sections, links,
citations and quiz, and the checks that say so catching each kind of broken edit."""

from __future__ import annotations

import shutil
from collections import Counter
from importlib.resources import as_file

import pytest

from heroes.learn.check import problems
from heroes.learn.content import AUDIENCES, LANGUAGES, NOW, ContentError, content_root, load, load_from


def test_shipped_guide_is_consistent():
    assert problems(load()) == []


def test_every_lesson_in_every_language_with_the_same_sections_and_links():
    guide = load()
    for audience in AUDIENCES:
        assert len(guide.by_audience(audience, "en")) >= 2, audience
    for slug in guide.slugs("en"):
        english = guide.lesson(slug, "en")
        for lang in LANGUAGES:
            lesson = guide.lesson(slug, lang)
            assert lesson is not None, f"{slug} missing in {lang}"
            assert [s.id for s in lesson.sections] == [s.id for s in english.sections], (slug, lang)
            assert lesson.sections[-1].id == NOW
            for mine, theirs in zip(lesson.sections, english.sections, strict=True):
                assert Counter(mine.terms) == Counter(theirs.terms), (slug, lang, mine.id)
                assert Counter(mine.cites) == Counter(theirs.cites), (slug, lang, mine.id)
                assert Counter(mine.links) == Counter(theirs.links), (slug, lang, mine.id)
            assert [(q.answer, len(q.choices)) for q in lesson.quiz] == [
                (q.answer, len(q.choices)) for q in english.quiz
            ]


def test_every_fact_has_a_source_and_every_term_its_glossary_entry():
    guide = load()
    for lesson in guide.lessons.values():
        for section in lesson.sections:
            assert section.cites, (lesson.path, section.id)
            assert set(section.cites) <= set(guide.sources)
            assert set(section.terms) <= set(guide.terms)
    assert all(t.sources and set(t.sources) <= set(guide.sources) for t in guide.terms.values())


def test_reading_time_is_three_to_five_minutes():
    for slug in load().slugs("en"):
        assert 3 <= load().lesson(slug, "en").minutes <= 5, slug


def test_glossary_follows_the_luxembourg_guidelines():
    terms = load().terms
    assert "child pornography" in terms["csam"].text["en"].avoid
    assert "pornografía infantil" in terms["csam"].text["es"].avoid
    assert terms["csam"].text["bn"].avoid  # Bengali names the terms to avoid too
    assert "luxembourg-2016" in terms["csam"].sources
    assert "child prostitution" in terms["exploitation-in-prostitution"].text["en"].avoid
    assert "child sex tourism" in terms["travel-and-tourism"].text["en"].avoid


@pytest.fixture
def copy(tmp_path):
    """An editable copy of the shipped content, as a partner would have."""
    target = tmp_path / "content"
    with as_file(content_root()) as source:
        shutil.copytree(source, target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_copy_checks_clean(copy):
    assert problems(load_from(copy)) == []


def test_a_missing_translation_is_reported(copy):
    (copy / "lessons" / "bn" / "referral.md").unlink()
    assert "lessons/bn/referral.md: missing (every lesson exists in en, es, bn)" in problems(load_from(copy))


def test_a_dropped_section_is_reported(copy):
    _edit(copy / "lessons" / "es" / "sextortion.md", "{#paying}", "{#pagar}")
    found = problems(load_from(copy))
    assert any("lessons/es/sextortion.md" in p and "sections differ" in p for p in found), found


def test_a_changed_glossary_link_or_citation_is_reported(copy):
    _edit(copy / "lessons" / "bn" / "grooming-signs.md", "(glossary:child)", "(glossary:grooming)")
    _edit(copy / "lessons" / "es" / "referral.md", "[@odihr-nrm]", "[@heroes-research]")
    found = problems(load_from(copy))
    assert any("bn/grooming-signs.md" in p and "glossary links differ" in p for p in found), found
    assert any("es/referral.md" in p and "citations differ" in p for p in found), found


def test_unknown_sources_terms_and_uncited_sections_are_reported(copy):
    _edit(copy / "lessons" / "en" / "referral.md", "[@odihr-nrm]", "[@no-such-source]")
    _edit(copy / "lessons" / "en" / "sextortion.md", "(glossary:csam)", "(glossary:no-such-term)")
    found = problems(load_from(copy))
    assert "lessons/en/referral.md: unknown source [@no-such-source]" in found
    assert "lessons/en/sextortion.md: unknown glossary term 'glossary:no-such-term'" in found


def test_a_term_to_avoid_is_reported(copy):
    _edit(
        copy / "lessons" / "en" / "signs-in-school.md",
        "Signs to notice {#signs}",
        "Signs of child prostitution {#signs}",
    )
    found = problems(load_from(copy))
    assert any("signs-in-school.md: uses 'child prostitution'" in p for p in found), found


def test_a_quiz_with_another_answer_is_reported(copy):
    path = copy / "lessons" / "es" / "grooming-signs.md"
    text = path.read_text(encoding="utf-8")
    first = text.index("answer: 1")
    path.write_text(text[:first] + "answer: 0" + text[first + len("answer: 1") :], encoding="utf-8")
    assert any("es/grooming-signs.md" in p and "quiz differ" in p for p in problems(load_from(copy)))


def test_too_long_a_lesson_is_reported(copy):
    _edit(
        copy / "lessons" / "en" / "referral.md",
        "## What to do now {#now}",
        "word " * 600 + "\n\n## What to do now {#now}",
    )
    found = problems(load_from(copy))
    assert any("en/referral.md: takes" in p for p in found), found
    assert any("bn/referral.md" in p and "words against" in p for p in found), found


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("---\ntitle:", "title:", "starts with YAML front matter"),
        ("audience: responders", "audience: everyone", "audience must be one of"),
        ("## What referral means {#what}", "## What referral means", "has no id"),
        ("answer: 2", "answer: 7", "quiz 'answer' must be the index"),
    ],
)
def test_a_broken_lesson_is_a_clear_error(copy, old, new, message):
    _edit(copy / "lessons" / "en" / "referral.md", old, new)
    with pytest.raises(ContentError, match=message) as caught:
        load_from(copy)
    assert "lessons/en/referral.md" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("sources.yaml", "sources: nope\n", "'sources' must be a list"),
        ("glossary.yaml", "- a list\n", "needs the top-level key"),
        ("guide.yaml", "ui: {}\n", "needs the top-level key\\(s\\): audiences"),
        ("glossary.yaml", "terms: [{id: x, en: {term: X}}]\n", "'definition' must be a non-empty str"),
    ],
)
def test_a_broken_data_file_is_a_clear_error(copy, name, text, message):
    (copy / name).write_text(text, "utf-8")
    with pytest.raises(ContentError, match=message):
        load_from(copy)
