"""The package's layers only point down (docs/architecture.md, "Layers"). Every import statement of every module is
read with `ast` (those inside functions and under TYPE_CHECKING too), so a rule broken anywhere fails here."""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import heroes

SRC = Path(heroes.__file__).resolve().parent

# Bottom to top: a package imports only packages of a lower rank (or itself). Modules directly in heroes/ are their
# own "package": heroes/__init__ (the version), optional, packdata at the bottom; schema (every model) at the top.
RANKS: dict[str, int] = {
    "__init__": 0,
    "optional": 0,
    "packdata": 0,
    "core": 0,
    "inputs": 1,
    "text": 2,
    "entities": 2,
    "store": 2,
    "sources": 3,
    "hashsets": 3,
    "classify": 3,
    "grooming": 3,
    "jobs": 3,
    "screening": 3,
    "demo": 3,
    "analysers": 4,
    "export": 5,
    "engine": 6,
    "crawl": 7,
    "learn": 7,
    "referrals": 7,
    "web": 8,
    "cli": 9,
    "schema": 9,
}
# The Alembic environment must see every model; it is a script Alembic runs, not a module others import.
# The referral memberships table points at the dashboard's users (a foreign key needs that table in the metadata
# whenever referrals are written), so its model module loads the dashboard's models: tables only, no behaviour.
ALLOWED_UP = {("heroes.store.migrations.env", "heroes.schema"), ("heroes.referrals.models", "heroes.web")}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. heroes.cli.hashset
    target: str  # the imported module, e.g. heroes.engine.registry
    name: str | None  # the name taken from it (``from target import name``), if any
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}


@cache
def imports() -> tuple[Import, ...]:
    found = []
    for module, tree in modules().items():
        is_package = module == "heroes" or (SRC.parent / module.replace(".", "/") / "__init__.py").exists()
        package = module if is_package else module.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [Import(module, alias.name, None, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                found += [Import(module, base, alias.name, node.lineno) for alias in node.names]
    return tuple(found)


def top(module: str) -> str:
    """The package of a heroes module (``core`` for heroes.core.item, ``__init__`` for heroes itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def internal() -> list[Import]:
    return [i for i in imports() if i.target == "heroes" or i.target.startswith("heroes.")]


def where(i: Import) -> str:
    return f"{i.module}:{i.line} imports {i.target}{'.' + i.name if i.name else ''}"


def test_every_package_has_a_rank():
    assert {top(m) for m in modules()} - {"__init__"} <= set(RANKS)


def test_core_imports_no_other_heroes_package():
    bad = [where(i) for i in internal() if top(i.module) == "core" and top(i.target) != "core"]
    assert bad == []


def test_layers_only_point_down():
    bad = [
        where(i)
        for i in internal()
        if top(i.module) != top(i.target)
        and RANKS[top(i.target)] >= RANKS[top(i.module)]
        and (i.module, i.target) not in ALLOWED_UP
        and top(i.target) != "__init__"
    ]
    assert bad == []


def test_nothing_outside_cli_imports_cli():
    assert [where(i) for i in internal() if top(i.target) == "cli" and top(i.module) != "cli"] == []


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_private_name_is_imported_across_packages():
    bad = [
        where(i)
        for i in internal()
        if top(i.module) != top(i.target)
        and (any(_private(part) for part in i.target.split(".")) or (i.name is not None and _private(i.name)))
    ]
    assert bad == []


def test_analysers_import_neither_the_store_nor_sqlalchemy():
    """Directly (any import statement), and through what their modules import when loaded."""
    banned = ("heroes.store", "sqlalchemy", "alembic")
    bad = [
        where(i)
        for i in imports()
        if top(i.module) == "analysers" and any(i.target == b or i.target.startswith(b + ".") for b in banned)
    ]
    assert bad == []
    names = sorted(m for m in modules() if top(m) == "analysers")
    probe = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic') "
        "or m.startswith('heroes.store')))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"


def test_analysers_keep_no_module_level_state():
    """No mutable container at module level and no memo of inputs in an analyser module: per-worker state comes
    from the engine's services (heroes.core.services). A cached loader without arguments (shipped rules) is data."""
    mutable_calls = {"set", "dict", "list", "defaultdict", "Counter", "deque", "OrderedDict"}
    bad = []
    for module, tree in modules().items():
        if top(module) != "analysers":
            continue
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            is_call = isinstance(value, ast.Call) and getattr(value.func, "id", None) in mutable_calls
            if isinstance(value, ast.List | ast.Dict | ast.Set) or is_call:
                bad.append(f"{module}:{node.lineno}")
            takes_input = isinstance(node, ast.FunctionDef) and bool(node.args.args)
            for deco in getattr(node, "decorator_list", []) if takes_input else []:
                if getattr(deco, "id", getattr(deco, "attr", None)) in {"cache", "lru_cache"}:
                    bad.append(f"{module}:{node.lineno} (cached function)")
    assert bad == []


def test_analyser_modules_import_optional_libraries_only_inside_functions():
    """The registry imports every analyser module to read its ``requires``: a module-level import of an optional
    library would disable the module instead of the one analyser that needs it."""
    from heroes.optional import EXTRAS

    bad = []
    for module, tree in modules().items():
        if top(module) != "analysers":
            continue
        for node in tree.body:
            targets = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            bad += [f"{module}:{node.lineno} {t}" for t in targets if t.split(".")[0] in EXTRAS]
    assert bad == []


def test_hashset_match_has_no_folder_walk_of_its_own():
    """`heroes hashset match` walks evidence through the sources (loop-safe, read-only), like triage."""
    tree = modules()["heroes.cli.hashset"]
    calls = {
        node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not calls & {"walk", "scandir", "listdir", "iterdir", "rglob", "glob"}


@pytest.mark.parametrize("rule", ["core", "cli"])
def test_the_checks_catch_a_breach(rule, monkeypatch):
    """The checks above read real import statements: a planted breach is found."""
    planted = {
        "core": ("heroes.core.item", "from heroes.text import extract\n"),
        "cli": ("heroes.engine.run", "from heroes.cli.main import app\n"),
    }[rule]
    trees = dict(modules())
    trees[planted[0]] = ast.parse(planted[1])
    monkeypatch.setattr(sys.modules[__name__], "modules", lambda: trees)
    imports.cache_clear()
    try:
        with pytest.raises(AssertionError):
            (test_core_imports_no_other_heroes_package if rule == "core" else test_nothing_outside_cli_imports_cli)()
    finally:
        imports.cache_clear()
