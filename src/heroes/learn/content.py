"""The prevention guide as data: lessons, glossary, sources, audiences and interface text, read from files.

Everything lives under ``heroes/learn/content/`` so that partners edit text, not code:

- ``guide.yaml``: the audiences (name and introduction per language) and the interface text;
- ``sources.yaml``: every publication or service a fact cites, with ``status: verified|unverified``;
- ``glossary.yaml``: the terms (Luxembourg Guidelines): what to say, what to avoid and why, per language;
- ``lessons/<lang>/<slug>.md``: one lesson per file, YAML front matter (title, audience, quiz, ...) and a
  Markdown body (see heroes.learn.markup), the same slug in every language.

``load()`` turns a broken file into a ``ContentError`` naming the file and the field; whether the translations
agree with each other is heroes.learn.check's job.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from heroes.learn.markup import MarkupError, Section, parse_sections
from heroes.packdata import parse_yaml

LANGUAGES = ("en", "es", "bn")
AUDIENCES = ("young-people", "parents", "educators", "responders")
HELPLINES = ("child", "adult", "any")  # whose help lines a lesson ends with
WORDS_PER_MINUTE = 160  # plain-language reading, slower than the adult average of about 200-240
SECONDS_PER_QUESTION = 20
NOW = "now"  # the id of the last section of every lesson: "what to do now"


class ContentError(ValueError):
    """A content file that cannot be read as a lesson, glossary or source list."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class Source:
    """A cited source of the prevention guide, and whether the project has checked it against the original."""

    id: str
    title: str
    publisher: str
    year: str
    url: str
    status: str  # verified | unverified: checked against the original by the project, or not yet
    checked_on: str
    note: str = ""

    @property
    def unverified(self) -> bool:
        return self.status != "verified"


@dataclass(frozen=True)
class TermText:
    term: str
    definition: str
    why: str
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    id: str
    sources: tuple[str, ...]
    text: dict[str, TermText]


@dataclass(frozen=True)
class Question:
    question: str
    choices: tuple[str, ...]
    answer: int  # index into choices
    why: str


@dataclass(frozen=True)
class Lesson:
    """One lesson of the prevention guide in one language: sections, quiz and helplines."""

    slug: str
    lang: str
    audience: str
    order: int
    title: str
    summary: str
    helplines: str
    quiz: tuple[Question, ...]
    sections: tuple[Section, ...]
    path: str

    @property
    def cites(self) -> list[str]:
        """The sources cited, each once, in order of first citation (the numbers on the page)."""
        return list(dict.fromkeys(c for s in self.sections for c in s.cites))

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(t for s in self.sections for t in s.terms))

    @property
    def words(self) -> int:
        quiz = sum(len(" ".join((q.question, *q.choices, q.why)).split()) for q in self.quiz)
        return sum(s.words for s in self.sections) + quiz

    @property
    def minutes(self) -> float:
        return sum(s.words for s in self.sections) / WORDS_PER_MINUTE + len(self.quiz) * SECONDS_PER_QUESTION / 60

    @property
    def about_minutes(self) -> int:
        """The reading time shown to readers, in whole minutes."""
        return max(1, round(self.minutes))


@dataclass(frozen=True)
class Guide:
    """The whole prevention guide: lessons by language, sources, glossary and interface texts."""

    ui: dict[str, dict[str, str]]
    audiences: dict[str, dict[str, dict[str, str]]]  # audience -> language -> {name, intro}
    sources: dict[str, Source]
    terms: dict[str, Term]
    lessons: dict[tuple[str, str], Lesson]  # (language, slug)
    version: str
    files: list[str] = field(default_factory=list)

    def lesson(self, slug: str, lang: str) -> Lesson | None:
        return self.lessons.get((lang, slug))

    def by_audience(self, audience: str, lang: str) -> list[Lesson]:
        found = [x for (code, _), x in self.lessons.items() if code == lang and x.audience == audience]
        return sorted(found, key=lambda x: (x.order, x.slug))

    def slugs(self, lang: str = "en") -> list[str]:
        return [x.slug for a in AUDIENCES for x in self.by_audience(a, lang)]

    def say(self, key: str, lang: str, **values: Any) -> str:
        """Interface text in `lang` (English where a language lacks it), with `values` filled in."""
        text = self.ui.get(lang, {}).get(key) or self.ui["en"][key]
        if not values:
            return text
        digits = str.maketrans("0123456789", self.say("digits", lang))  # Bengali text uses Bengali digits
        return text.format(**{k: str(v).translate(digits) for k, v in values.items()})


def _need(data: dict[str, Any], key: str, kind: type, path: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ContentError(path, f"'{key}' must be a non-empty {kind.__name__}")
    return value


def _yaml(node: Traversable, path: str, *keys: str) -> dict[str, Any]:
    """A YAML file that must be a mapping with `keys`."""
    try:
        data = parse_yaml(node.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(path, f"not valid YAML: {exc}") from None
    missing = [k for k in keys if not isinstance(data, dict) or k not in data]
    if missing:
        raise ContentError(path, f"needs the top-level key(s): {', '.join(missing)}")
    return data


def _entries(data: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
    entries = data[key]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ContentError(path, f"'{key}' must be a list of entries (key: value mappings)")
    return entries


def _front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ContentError(path, "a lesson starts with YAML front matter between two '---' lines")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ContentError(path, "the front matter has no closing '---' line")
    try:
        meta = parse_yaml(text[4:end])
    except yaml.YAMLError as exc:
        raise ContentError(path, f"front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise ContentError(path, "the front matter must be a mapping (key: value lines)")
    return meta, text[end + 5 :]


def _question(raw: Any, path: str) -> Question:
    if not isinstance(raw, dict):
        raise ContentError(path, "each quiz entry needs question, choices, answer and why")
    choices = _need(raw, "choices", list, path)
    answer = raw.get("answer")
    if not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer < len(choices):
        raise ContentError(path, f"quiz 'answer' must be the index (from 0) of one of the {len(choices)} choices")
    return Question(_need(raw, "question", str, path), tuple(map(str, choices)), answer, _need(raw, "why", str, path))


def _lesson(node: Traversable, lang: str, path: str) -> Lesson:
    meta, body = _front_matter(node.read_text(encoding="utf-8"), path)
    audience = _need(meta, "audience", str, path)
    if audience not in AUDIENCES:
        raise ContentError(path, f"audience must be one of {', '.join(AUDIENCES)}")
    helplines = meta.get("helplines", "any")
    if helplines not in HELPLINES:
        raise ContentError(path, f"helplines must be one of {', '.join(HELPLINES)}")
    try:
        sections = tuple(parse_sections(body))
    except MarkupError as exc:
        raise ContentError(path, str(exc)) from None
    return Lesson(
        slug=node.name.removesuffix(".md"),
        lang=lang,
        audience=audience,
        order=int(_need(meta, "order", int, path)),
        title=_need(meta, "title", str, path),
        summary=_need(meta, "summary", str, path),
        helplines=helplines,
        quiz=tuple(_question(q, path) for q in _need(meta, "quiz", list, path)),
        sections=sections,
        path=path,
    )


def _term(raw: dict[str, Any], path: str) -> Term:
    term_id = _need(raw, "id", str, path)
    text = {}
    for lang in LANGUAGES:
        entry = raw.get(lang)
        if not isinstance(entry, dict):
            raise ContentError(path, f"term '{term_id}' has no '{lang}' text")
        where = f"{path} ({term_id}, {lang})"
        avoid = entry.get("avoid") or []
        text[lang] = TermText(
            _need(entry, "term", str, where),
            _need(entry, "definition", str, where),
            _need(entry, "why", str, where),
            tuple(map(str, avoid)),
        )
    return Term(term_id, tuple(raw.get("sources") or ()), text)


def _source(raw: dict[str, Any], path: str) -> Source:
    fields = {k: str(raw.get(k, "")) for k in ("id", "title", "publisher", "year", "url", "status", "checked_on")}
    for key in ("id", "title", "publisher", "status"):
        _need(fields, key, str, path)
    if fields["status"] not in ("verified", "unverified"):
        raise ContentError(path, f"source {fields['id']}: status must be verified or unverified")
    return Source(**fields, note=str(raw.get("note", "")))


def _files(root: Traversable) -> list[tuple[str, Traversable]]:
    out = [(name, root / name) for name in ("guide.yaml", "sources.yaml", "glossary.yaml")]
    lessons = root / "lessons"
    for lang in LANGUAGES:
        folder = lessons / lang
        if folder.is_dir():
            out += sorted((f"lessons/{lang}/{n.name}", n) for n in folder.iterdir() if n.name.endswith(".md"))
    return out


def load_from(root: Traversable) -> Guide:
    """The guide in `root` (a content folder laid out as the shipped one)."""
    files = _files(root)
    for path, node in files[:3]:
        if not node.is_file():
            raise ContentError(path, "missing")
    digest = hashlib.sha256()
    for path, node in files:
        digest.update(path.encode() + b"\0" + node.read_bytes() + b"\0")
    guide = _yaml(files[0][1], "guide.yaml", "ui", "audiences")
    listed = _entries(_yaml(files[1][1], "sources.yaml", "sources"), "sources", "sources.yaml")
    sources = {s.id: s for s in (_source(x, "sources.yaml") for x in listed)}
    listed = _entries(_yaml(files[2][1], "glossary.yaml", "terms"), "terms", "glossary.yaml")
    terms = {t.id: t for t in (_term(x, "glossary.yaml") for x in listed)}
    lessons = {}
    for path, node in files[3:]:
        lang = path.split("/")[1]
        lesson = _lesson(node, lang, path)
        lessons[(lang, lesson.slug)] = lesson
    return Guide(
        ui=guide["ui"],
        audiences=guide["audiences"],
        sources=sources,
        terms=terms,
        lessons=lessons,
        version=digest.hexdigest()[:12],
        files=[p for p, _ in files],
    )


def content_root() -> Traversable:
    return resources.files("heroes.learn") / "content"


@cache
def load() -> Guide:
    """The shipped guide (read once per process)."""
    return load_from(content_root())
