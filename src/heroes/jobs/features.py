"""One ad as one string: the model's only input, so free text, a CSV row and a phone app all feed it the same way.

A CSV row's text fields are joined in EMSCAD's column order; `prepare` turns that into what the model reads. With
`meta=True` the yes/no columns and the emptiness of each field become marker words (``zzhascompanylogo0``), which
lets the model use them without a second input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

TEXT_FIELDS = (
    "title",
    "location",
    "department",
    "salary_range",
    "company_profile",
    "description",
    "requirements",
    "benefits",
    "employment_type",
    "required_experience",
    "required_education",
    "industry",
    "function",
)
FLAG_FIELDS = ("telecommuting", "has_company_logo", "has_questions")


#: EMSCAD's anonymised contacts (#URL_<hex>#) and a real ad's URLs, e-mail domains and phone numbers become the
#: same placeholder words, so the model learns "the ad gives a phone number", not one number.
_CONTACTS = (
    (re.compile(r"#(url|phone|email)_[0-9a-f]+#", re.IGNORECASE), lambda m: f" zz{m.group(1).lower()} "),
    (re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE), lambda m: " zzurl "),
    (re.compile(r"@[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE), lambda m: " zzemail "),
    (re.compile(r"\+\d[\d ().-]{6,}\d"), lambda m: " zzphone "),
)


def prepare(text: str) -> str:
    """What the ONNX graph is fed: contacts as placeholders, accents stripped, other non-ASCII dropped, lower case.

    ONNX's tokenizer (re2) treats only ASCII as word characters and its lower-casing is locale-bound, while
    Python's are Unicode-wide; on plain lower-case ASCII both agree exactly, so the graph's scores equal
    scikit-learn's. A phone or browser running jobs.onnx applies the same three steps first.
    """
    for pattern, repl in _CONTACTS:
        text = pattern.sub(repl, text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _cell(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


_TOKEN = re.compile(r"[a-z0-9_]{2,}")
_TAGS = {"title": "zt", "company_profile": "zc", "description": "zd", "requirements": "zr", "benefits": "zb"}


def tag_field(row: Mapping[str, object], key: str) -> str:
    """A field's words again, each prefixed by the field's tag (``ztsales``, or ``zcnone`` when empty).

    A scam's signal is often WHICH field says what: the same words in the company profile and in the description
    weigh differently. A column the row lacks adds nothing (free text has no fields), an empty one adds ``..none``.
    """
    if key not in row:
        return ""
    words = _TOKEN.findall(prepare(_cell(row, key)))
    return " ".join(_TAGS[key] + w for w in words) if words else _TAGS[key] + "none"


def compose(row: Mapping[str, object], meta: bool = False, tagged: tuple[str, ...] | list[str] = ()) -> str:
    """The ad's text from a row with any subset of EMSCAD's columns (unknown columns are ignored).

    `tagged` fields are appended once more with field-tagged words (see `tag_field`).
    """
    parts = [_cell(row, k) for k in TEXT_FIELDS]
    text = "\n".join(p for p in parts if p)
    tags = [t for t in (tag_field(row, k) for k in tagged) if t]
    if tags:
        text += "\n" + "\n".join(tags)
    if not meta:
        return text
    marks = [f"zz{k.replace('_', '')}{'yes' if p else 'no'}" for k, p in zip(TEXT_FIELDS, parts, strict=True)]
    marks += [f"zz{k.replace('_', '')}{_cell(row, k) or 'unknown'}" for k in FLAG_FIELDS]
    return " ".join(marks) + "\n" + text
