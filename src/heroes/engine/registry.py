"""Finds the analyser plugins in `heroes.analysers`, and says which are enabled and why the others are not.

A plugin module imports its optional libraries inside `analyse`, so importing it is safe without them and its
``requires`` decides; a module that cannot be imported all the same (a library it imports at the top is missing)
is listed disabled under its module name with the reason, and the other plugins are unaffected."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType

import heroes.analysers
from heroes.core.analyser import Analyser


@dataclass(frozen=True)
class Registration:
    """One plugin as `heroes analysers list` shows it; ``analyser`` is the instance the engine runs when enabled."""

    name: str
    handles: tuple[str, ...]
    order: int
    enabled: bool
    reason: str  # why it is disabled; empty when enabled
    analyser: Analyser | None


def _missing(modules: tuple[str, ...]) -> list[str]:
    """Which of these Python modules are not installed."""
    return [m for m in modules if importlib.util.find_spec(m) is None]


def scan(package: ModuleType) -> tuple[Registration, ...]:
    """Every `Analyser` subclass defined in the modules of `package`, in run order."""
    found: list[Registration] = []
    for info in pkgutil.iter_modules(package.__path__):
        try:
            module = importlib.import_module(f"{package.__name__}.{info.name}")
        except ModuleNotFoundError as exc:
            reason = f"missing Python module(s): {exc.name}"
            found.append(Registration(info.name, (), Analyser.order, False, reason, None))
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Analyser) or cls is Analyser or cls.__module__ != module.__name__:
                continue
            absent = _missing(cls.requires)
            reason = f"missing Python module(s): {', '.join(absent)}" if absent else ""
            found.append(Registration(cls.name, cls.handles, cls.order, not absent, reason, None if absent else cls()))
    return tuple(sorted(found, key=lambda r: (r.order, r.name)))


@cache
def registrations() -> tuple[Registration, ...]:
    """The plugins of `heroes.analysers`, scanned once per process."""
    return scan(heroes.analysers)


def enabled(disabled: frozenset[str] = frozenset(), only: frozenset[str] | None = None) -> list[Analyser]:
    """The enabled analysers in run order, without those named in `disabled` and, when `only` is given, just those."""
    return [
        r.analyser
        for r in registrations()
        if r.enabled and r.analyser and r.name not in disabled and (only is None or r.name in only)
    ]
