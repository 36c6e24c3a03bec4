"""The analyser registry: unique names, run order, and a missing optional module disables one plugin only."""

from __future__ import annotations

from typing import ClassVar

from heroes.core.analyser import Analyser
from heroes.engine import registry


def test_names_are_unique_and_enabled():
    regs = registry.registrations()
    names = [r.name for r in regs]
    assert len(names) == len(set(names)) and all(names)
    assert {"filetype", "exif", "documents", "entities"} <= {r.name for r in regs if r.enabled}


def test_documents_run_before_entities():
    order = [a.name for a in registry.enabled()]
    assert order.index("documents") < order.index("entities")


def test_missing_module_disables_only_that_plugin(tmp_path, monkeypatch):
    package = tmp_path / "fakeplugins"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "needy.py").write_text(
        "from heroes.core.analyser import Analyser\n"
        "class Needy(Analyser):\n    name = 'needy'\n    requires = ('heroes_no_such_module_xyz',)\n"
    )
    (package / "plain.py").write_text(
        "from heroes.core.analyser import Analyser\nclass Plain(Analyser):\n    name = 'plain'\n    order = 10\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import fakeplugins

    regs = {r.name: r for r in registry.scan(fakeplugins)}
    assert not regs["needy"].enabled and "heroes_no_such_module_xyz" in regs["needy"].reason
    assert regs["needy"].analyser is None
    assert regs["plain"].enabled and regs["plain"].analyser is not None


def test_mime_patterns_match():
    class Images(Analyser):
        name = "images"
        handles: ClassVar[tuple[str, ...]] = ("image/*", "application/pdf")

    assert Images().accepts("image/jpeg") and Images().accepts("application/pdf")
    assert not Images().accepts("text/plain")
