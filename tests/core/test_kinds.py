"""Finding kinds are declared once: each name is spelled in the module that declares its KindSpec (and in tests),
emitted only there or through the spec, never listed in the exporters or the dashboard, and documented."""

from __future__ import annotations

import ast
import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import heroes
from heroes.core.kinds import KIND_GROUP, KindSpec, declared, spec

SRC = Path(heroes.__file__).resolve().parent
DOCS = SRC.parents[1] / "docs" / "findings.md"
READERS = ("export", "web")  # the packages that read kinds from the registry


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = ast.parse(path.read_text("utf-8"))
    return out


def _declarers() -> dict[str, str]:
    return {ep.name: ep.value.partition(":")[0] for ep in entry_points(group=KIND_GROUP)}


def test_every_entry_point_loads_its_own_spec():
    specs = list(declared())
    assert len(specs) == len(_declarers()) >= 20
    assert all(isinstance(s, KindSpec) and s.label for s in specs)


def test_findings_are_made_with_literal_kinds_only_where_the_kind_is_declared():
    declarers = _declarers()
    bad = []
    for module, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and declarers.get(first.value) != module:
                    bad.append(f"{module}:{node.lineno} Finding({first.value!r})")
    assert bad == []


def test_exporters_and_dashboard_never_list_kind_names():
    """No comparison with a kind's name, no tuple or set of kind names: they ask the spec."""
    names = set(_declarers())
    bad = []
    for module, tree in _modules().items():
        if module.partition(".")[2].partition(".")[0] not in READERS:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                for operand in operands:
                    values = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
                    bad += [f"{module}:{node.lineno} {v.value!r}" for v in values if _is_kind(v, names)]
            elif isinstance(node, ast.Tuple | ast.Set | ast.List) and sum(_is_kind(v, names) for v in node.elts) > 1:
                bad.append(f"{module}:{node.lineno} {[v.value for v in node.elts if _is_kind(v, names)]}")
    assert bad == []


def _kind_valued(node: ast.AST) -> bool:
    """``x.kind``, ``x["kind"]``/``x["type"]``, ``x.get("kind")``, or a variable named ``kind``: what holds a kind."""
    if isinstance(node, ast.Attribute):
        return node.attr == "kind"
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value in ("kind", "type")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        return isinstance(node.args[0], ast.Constant) and node.args[0].value == "kind"
    return isinstance(node, ast.Name) and node.id == "kind"


def _kind_literals(node: ast.AST, names: set[str]) -> list[ast.Constant]:
    """The literals naming a kind where a kind is meant: compared with a kind, assigned to ``kind``, the ``type``
    or ``kind`` of a record, the kinds asked of ``records()``, or several kind names in one collection."""
    found: list[ast.AST] = []
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        if any(_kind_valued(o) for o in operands):
            for o in operands:
                found += o.elts if isinstance(o, ast.Tuple | ast.List | ast.Set) else [o]
    elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "kind" for t in node.targets):
        found.append(node.value)
    elif isinstance(node, ast.Dict):
        found += [
            v
            for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant) and k.value in ("kind", "type")
        ]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "records":
        for arg in node.args[1:]:
            found += arg.elts if isinstance(arg, ast.Tuple | ast.List | ast.Set) else [arg]
    elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Finding":
        found += node.args[:1] + [k.value for k in node.keywords if k.arg == "kind"]
    elif isinstance(node, ast.Tuple | ast.Set | ast.List) and sum(_is_kind(v, names) for v in node.elts) > 1:
        found += node.elts
    return [v for v in found if _is_kind(v, names)]  # type: ignore[misc]


def _literals_in(tree: ast.AST, names: set[str]) -> list[ast.Constant]:
    unique = {id(c): c for node in ast.walk(tree) for c in _kind_literals(node, names)}
    return sorted(unique.values(), key=lambda c: (c.lineno, c.col_offset))


def test_a_kind_is_spelled_only_where_it_is_declared():
    """Everywhere in the package but its declaring module, a kind is named through its spec (``HASH_MATCH.name``)."""
    declarers = _declarers()
    bad = [
        f"{module}:{literal.lineno} {literal.value!r}"
        for module, tree in _modules().items()
        for literal in _literals_in(tree, set(declarers))
        if declarers[literal.value] != module
    ]
    assert bad == []


def test_the_spelling_check_sees_the_usual_ways_of_naming_a_kind():
    names = set(_declarers())
    code = """
if f.kind == "hash_match": pass
if rec["kind"] in ("page", "media"): pass
if rec.get("kind") != "error": pass
kind = "skipped"
record = {"type": "page", "url": u}
store.records(case, {"file", "hash_match"})
Finding("exif", path, {})
ALERTS = ("grooming", "job_offer")
"""
    found = [c.value for c in _literals_in(ast.parse(code), names)]
    assert sorted(found) == sorted(
        [
            "hash_match",
            "page",
            "media",
            "error",
            "skipped",
            "page",
            "file",
            "hash_match",
            "exif",
            "grooming",
            "job_offer",
        ]
    )
    harmless = 'img = transpose(img) if "exif" in img.info else img\nerr = ImportError("file")\nx = rec["page"]'
    assert _literals_in(ast.parse(harmless), names) == []


def _is_kind(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Constant) and node.value in names


def test_every_kind_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)*", DOCS.read_text("utf-8"), re.M))
    rows = {name for row in documented for name in row if name}
    for line in DOCS.read_text("utf-8").splitlines():  # rows naming several kinds: `page`, `media`, ...
        if line.startswith("| `"):
            rows |= set(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    assert set(_declarers()) <= rows


def test_an_undeclared_kind_exports_plainly():
    plain = spec("no_such_kind_xyz")
    assert (plain.name, plain.label, plain.alert, plain.times, plain.uco) == (
        "no_such_kind_xyz",
        "no_such_kind_xyz",
        False,
        (),
        "",
    )


@pytest.mark.parametrize(
    ("kind", "alert"), [("hash_match", True), ("grooming", True), ("job_offer", True), ("exif", False)]
)
def test_alerts_are_what_the_report_shows_first(kind, alert):
    assert spec(kind).alert is alert
