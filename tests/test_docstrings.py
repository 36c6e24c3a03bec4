"""Every public function, method or class of 12 lines or more says what it is for in a docstring (issue 14): a
reader of a long body should not have to reverse-engineer it. Read with `ast`, so nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import heroes

SRC = Path(heroes.__file__).resolve().parent
MIN_LINES = 12

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _public_long(node: ast.AST, prefix: str = "") -> list[tuple[str, Definition]]:
    """(qualified name, node) of the public definitions of MIN_LINES or more: module level and in public classes
    (functions nested in functions are private to them)."""
    found = []
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, Definition) or child.name.startswith("_"):
            continue
        name = f"{prefix}{child.name}"
        if (child.end_lineno or child.lineno) - child.lineno + 1 >= MIN_LINES:
            found.append((name, child))
        if isinstance(child, ast.ClassDef):
            found += _public_long(child, f"{name}.")
    return found


def undocumented(source: str) -> list[str]:
    """The qualified names of the public long definitions in `source` without a docstring."""
    return [name for name, node in _public_long(ast.parse(source)) if not ast.get_docstring(node)]


def test_rule_sees_long_public_definitions_only():
    body = "".join(f"    x{i} = {i}\n" for i in range(MIN_LINES))
    source = (
        f"def long():\n{body}"
        f'def documented():\n    """Why."""\n{body}'
        f"def _private():\n{body}"
        f"def short():\n    return 1\n"
        f"class Box:\n    def method(self):\n{''.join('    ' + line for line in body.splitlines(True))}"
    )
    assert undocumented(source) == ["long", "Box", "Box.method"]


def test_public_long_definitions_have_docstrings():
    missing = [
        f"{path.relative_to(SRC.parent)}:{name}"
        for path in sorted(SRC.rglob("*.py"))
        for name in undocumented(path.read_text(encoding="utf-8"))
    ]
    assert not missing, "public definitions of 12+ lines without a docstring:\n" + "\n".join(missing)
