"""Reading the data files shipped inside the package (rules, patterns, knowledge bases, print templates) the one way.

YAML goes through libyaml's C parser when PyYAML has it (every wheel does): a one-record `heroes screen` reads ten
knowledge-base files, which the pure-Python parser takes most of a second for.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """Safe YAML (plain data only) from text."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def load_yaml(package: str, *path: str) -> Any:
    """The YAML file at `path` inside `package` (e.g. ``load_yaml("heroes.jobs", "redflags.yaml")``)."""
    return parse_yaml(resources.files(package).joinpath(*path).read_text(encoding="utf-8"))


def templates(package: str, folder: str) -> Any:
    """A Jinja2 environment for the printable pages in `folder` of `package`: HTML-escaped, strict about missing
    values, and tidy around block tags (jinja2 is imported only by the code that prints)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
