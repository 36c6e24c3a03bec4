"""Does the guide hang together? The checks a partner runs after editing (`heroes learn check`) and the tests run.

- every lesson exists in every language, and each translation has the same audience, the same sections in the
  same order, and per section the same citations, glossary links and other links; the quiz has the same
  questions, choices and answers;
- every lesson ends with the "what to do now" section, every section cites at least one source, every cited
  source and linked term exists, reading the English original takes 3 to 5 minutes and a translation
  is about as long;
- no lesson uses a term the glossary says to avoid; every glossary term's sources exist and every language names
  the same number of terms to avoid; the interface text and the audiences exist in every language.
"""

from __future__ import annotations

from collections import Counter

from heroes.learn.content import AUDIENCES, LANGUAGES, NOW, Guide, Lesson

MIN_MINUTES, MAX_MINUTES = 3.0, 5.0  # the English original, at heroes.learn.content.WORDS_PER_MINUTE
MIN_RATIO, MAX_RATIO = 0.6, 1.6  # words of a translation against the English original


def _text(lesson: Lesson) -> str:
    parts = [lesson.title, lesson.summary]
    for section in lesson.sections:
        parts.append(section.title)
        parts += [c.content for t in section.tokens for c in t.children or () if c.type in ("text", "code_inline")]
    for q in lesson.quiz:
        parts += [q.question, *q.choices, q.why]
    return " ".join(parts).casefold()


def _interface(guide: Guide) -> list[str]:
    out = []
    keys = set(guide.ui.get("en", {}))
    for lang in LANGUAGES:
        missing = keys - set(guide.ui.get(lang, {}))
        if missing:
            out.append(f"guide.yaml: ui text missing in {lang}: {', '.join(sorted(missing))}")
    if set(guide.audiences) != set(AUDIENCES):
        out.append(f"guide.yaml: audiences must be exactly {', '.join(AUDIENCES)}")
    for audience, text in guide.audiences.items():
        for lang in LANGUAGES:
            if not {"name", "intro"} <= set(text.get(lang) or {}):
                out.append(f"guide.yaml: audience {audience} needs a name and an intro in {lang}")
    return out


def _glossary(guide: Guide) -> list[str]:
    out = []
    for term in guide.terms.values():
        out += [f"glossary.yaml: {term.id} cites unknown source {s}" for s in term.sources if s not in guide.sources]
        if not term.sources:
            out.append(f"glossary.yaml: {term.id} cites no source")
        counts = {lang: len(text.avoid) for lang, text in term.text.items()}
        if len(set(counts.values())) > 1:
            out.append(f"glossary.yaml: {term.id} names a different number of terms to avoid per language: {counts}")
    return out


def _one(guide: Guide, lesson: Lesson, avoid: dict[str, list[tuple[str, str]]]) -> list[str]:
    where = lesson.path
    out = []
    if not lesson.sections or lesson.sections[-1].id != NOW:
        out.append(f"{where}: the last section must be '## ... {{#{NOW}}}' (what to do now)")
    for section in lesson.sections:
        if not section.cites:
            out.append(f"{where}: section '{section.id}' cites no source (add [@source-id])")
        if "h1" in section.headings:
            out.append(f"{where}: section '{section.id}' has a level-1 heading; the title comes from the front matter")
        out += [f"{where}: unknown source [@{c}]" for c in section.cites if c not in guide.sources]
        out += [f"{where}: unknown glossary term 'glossary:{t}'" for t in section.terms if t not in guide.terms]
    text = _text(lesson)
    for phrase, term_id in avoid.get(lesson.lang, []):
        if phrase.casefold() in text:
            out.append(f"{where}: uses '{phrase}', which the glossary says to avoid (see {term_id})")
    return out


def _shape(lesson: Lesson) -> dict[str, object]:
    """What must be identical in every translation."""
    return {
        "audience": lesson.audience,
        "order": lesson.order,
        "helplines": lesson.helplines,
        "sections": [s.id for s in lesson.sections],
        "quiz": [(len(q.choices), q.answer) for q in lesson.quiz],
    }


def _refs(lesson: Lesson) -> dict[str, dict[str, Counter[str]]]:
    return {
        s.id: {"citations": Counter(s.cites), "glossary links": Counter(s.terms), "links": Counter(s.links)}
        for s in lesson.sections
    }


def _length(reference: Lesson, lesson: Lesson) -> list[str]:
    """Reading time is measured on the English original (words per minute differ between languages); a
    translation must stay close to it in length, which also catches a dropped or doubled paragraph."""
    if lesson is reference:
        if not MIN_MINUTES <= lesson.minutes <= MAX_MINUTES:
            return [f"{lesson.path}: takes {lesson.minutes:.1f} minutes to read; keep it between 3 and 5"]
        return []
    ratio = lesson.words / max(1, reference.words)
    if not MIN_RATIO <= ratio <= MAX_RATIO:
        return [f"{lesson.path}: {lesson.words} words against {reference.words} in English; check nothing is missing"]
    return []


def _translation(reference: Lesson, lesson: Lesson) -> list[str]:
    where = f"{lesson.path} (against {reference.path})"
    want, got = _shape(reference), _shape(lesson)
    out = [f"{where}: {key} differ: {got[key]} != {want[key]}" for key in want if want[key] != got[key]]
    if out:
        return out
    mine = _refs(lesson)
    for section, kinds in _refs(reference).items():
        for kind, counts in kinds.items():
            if mine[section][kind] != counts:
                out.append(
                    f"{where}: section '{section}' {kind} differ: {sorted(mine[section][kind].elements())} "
                    f"!= {sorted(counts.elements())}"
                )
    return out


def problems(guide: Guide) -> list[str]:
    """Every problem found, one line each; an empty list means the guide is consistent."""
    out = _interface(guide) + _glossary(guide)
    avoid: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANGUAGES}
    for term in guide.terms.values():
        for lang, text in term.text.items():
            avoid[lang] += [(phrase, term.id) for phrase in text.avoid]
    slugs = guide.slugs("en")
    if not slugs:
        out.append("lessons/en: no lessons")
    for audience in AUDIENCES:
        if not guide.by_audience(audience, "en"):
            out.append(f"lessons/en: no lesson for the audience {audience}")
    for lang in LANGUAGES:
        extra = set(guide.slugs(lang)) - set(slugs)
        out += [f"lessons/{lang}/{slug}.md: has no English original" for slug in sorted(extra)]
    for slug in slugs:
        reference = guide.lessons[("en", slug)]
        for lang in LANGUAGES:
            lesson = guide.lesson(slug, lang)
            if lesson is None:
                out.append(f"lessons/{lang}/{slug}.md: missing (every lesson exists in {', '.join(LANGUAGES)})")
                continue
            out += _one(guide, lesson, avoid) + _length(reference, lesson)
            if lang != "en":
                out += _translation(reference, lesson)
    return out
