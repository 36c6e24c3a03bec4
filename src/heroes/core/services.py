"""The helpers an analyser needs besides the item (the hash-bank matcher, the image classifier), handed in by the
engine instead of being opened by the analyser.

Why: an analyser that opens a database or loads a model itself ties a plugin to storage and keeps state between
items in module globals. Here the package that owns a helper declares a typed `ServiceKey` next to it, the engine
says how to build each one from the scan's settings (once per worker process, on first use), and an analyser asks
``ctx.services.get(KEY)``. Core knows only the container.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


@dataclass(frozen=True)
class ServiceKey(Generic[T]):
    """Names one service; the type parameter is what `Services.get` returns for it."""

    name: str


class Services:
    """Services by key, each built by its provider on first use and kept; a key without a provider is None."""

    def __init__(self, providers: Mapping[ServiceKey[Any], Callable[[], Any]] | None = None) -> None:
        self._providers = dict(providers or {})
        self._built: dict[ServiceKey[Any], Any] = {}

    def get(self, key: ServiceKey[T]) -> T | None:
        """The service, or None when this scan has none (no bank database, no classifier). A provider that raises
        is asked again next time (the error reaches the analyser, which the engine turns into a finding)."""
        if key not in self._built:
            provider = self._providers.get(key)
            self._built[key] = provider() if provider is not None else None
        return cast("T | None", self._built[key])
