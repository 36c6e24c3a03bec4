"""The `heroes` command line: one Typer application, one module per command group."""
