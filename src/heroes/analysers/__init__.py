"""Analyser plugins. Each module here defines one `heroes.core.analyser.Analyser` subclass; the registry finds them."""
