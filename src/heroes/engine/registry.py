"""Finds the analyser plugins in `heroes.analysers`, and says which are enabled and why the others are not."""

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
    name: str
    handles: tuple[str, ...]
    order: int
    enabled: bool
    reason: str  # why it is disabled; empty when enabled
    analyser: Analyser | None


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def scan(package: ModuleType) -> tuple[Registration, ...]:
    found: list[Registration] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Analyser) or cls is Analyser or cls.__module__ != module.__name__:
                continue
            missing = _missing(cls.requires)
            reason = f"missing Python module(s): {', '.join(missing)}" if missing else ""
            found.append(
                Registration(cls.name, cls.handles, cls.order, not missing, reason, None if missing else cls())
            )
    return tuple(sorted(found, key=lambda r: (r.order, r.name)))


@cache
def registrations() -> tuple[Registration, ...]:
    return scan(heroes.analysers)


def enabled(disabled: frozenset[str] = frozenset()) -> list[Analyser]:
    return [r.analyser for r in registrations() if r.enabled and r.analyser and r.name not in disabled]
