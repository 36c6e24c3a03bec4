"""Where the dashboard's bundled files live (templates and vendored scripts are package data)."""

from pathlib import Path

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
