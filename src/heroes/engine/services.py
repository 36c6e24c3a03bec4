"""The services the engine hands analysers (heroes.core.services): how each is built from the scan's settings, once
per worker process and settings, on first use. A process pool or a Dask worker builds its own on its first item."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from heroes.core.services import ServiceKey, Services
from heroes.core.settings import Settings

if TYPE_CHECKING:
    from heroes.classify.runner import Configured
    from heroes.hashsets.match import Matcher


def _matcher(url: str) -> Matcher:
    from heroes.hashsets.match import Matcher
    from heroes.hashsets.store import BankStore

    return Matcher(BankStore(url))


def _classifier(model: str, labels: str) -> Configured:
    from heroes.classify.runner import Configured

    return Configured(model, labels)


@functools.cache
def services_for(settings: Settings) -> Services:
    """This process's services for ``settings``: the bank matcher when a bank database is set, the image classifier
    when a model is (each absent otherwise)."""
    from heroes.classify.runner import CLASSIFIER
    from heroes.hashsets.match import MATCHER

    providers: dict[ServiceKey[Any], Callable[[], Any]] = {}
    if settings.bank_db:
        providers[MATCHER] = functools.partial(_matcher, settings.bank_db)
    if settings.classifier:
        providers[CLASSIFIER] = functools.partial(_classifier, settings.classifier, settings.classifier_labels)
    return Services(providers)
