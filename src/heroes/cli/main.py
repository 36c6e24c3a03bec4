"""Entry point of the `heroes` command.

Each command's module is imported only when that command runs: `heroes --help` lists the commands from the table
below without loading any tool, and a one-record `heroes screen` or `heroes jobs check` loads only what it uses
(`make bench` keeps the start-up budget). A command whose optional part is not installed ends with one line naming
the missing piece and the install command, and exit status 2, never a traceback.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from heroes import __version__
from heroes.inputs.errors import InputError
from heroes.optional import missing_extra

if TYPE_CHECKING:  # typer vendors click (0.26+): its group hooks take the vendored click's types
    from typer._click import Command, Context

# name: (module, attribute, one line for `heroes --help`); the attribute is a command function or a Typer group.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "triage": ("heroes.cli.triage", "triage", "Triage a folder or disk image into a case with findings and a report."),
    "demo": ("heroes.cli.demo", "demo", "Build benign demo evidence and triage it."),
    "screen": ("heroes.cli.screen", "screen", "Screen for indicators of trafficking and child exploitation."),
    "crawl": ("heroes.cli.crawl", "crawl", "Crawl seed URLs (clear web or Tor) into a case."),
    "graph": ("heroes.cli.graph", "graph", "The link graph of a crawl case, or the identifiers that join sites."),
    "serve": ("heroes.cli.serve", "serve", "Serve the dashboard."),
    "users": ("heroes.cli.users", "app", "Dashboard users, roles and case assignments."),
    "audit": ("heroes.cli.audit", "app", "The dashboard's audit trail."),
    "orgs": ("heroes.cli.orgs", "app", "Organisations that send and receive victim-assistance referrals."),
    "referrals": ("heroes.cli.referrals", "app", "Victim-assistance referrals between organisations."),
    "analysers": ("heroes.cli.analysers", "app", "Show the analyser plugins."),
    "grooming": ("heroes.cli.grooming", "app", "Grooming shield: explained warnings of online grooming in chats."),
    "jobs": ("heroes.cli.jobs", "app", "Check job offers for fraud and trafficking-recruitment red flags."),
    "hashset": ("heroes.cli.hashset", "app", "Hash banks: known material and known-good lists."),
    "export": ("heroes.cli.export", "app", "Export a case for other tools."),
    "classifier": ("heroes.cli.classifier", "app", "Pluggable image classifier for unknown material."),
    "learn": ("heroes.cli.learn", "app", "Prevention guide: lessons, glossary (Luxembourg Guidelines), handouts."),
}


class LazyGroup(TyperGroup):
    """Lists commands from `COMMANDS`; imports a command's module only to run it or show its own help."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> TyperCommand | None:
        if cmd_name not in COMMANDS:
            return None
        summary = COMMANDS[cmd_name][2]
        return TyperCommand(cmd_name, help=summary, short_help=summary)  # enough to list it

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        name, _, rest = super().resolve_command(ctx, args)
        return name, (self._load(name) if name else None), rest

    def invoke(self, ctx: Context) -> Any:
        """Run the command; bad input and a missing optional extra become one line on stderr and exit 2, not a
        traceback."""
        try:
            return super().invoke(ctx)
        except InputError as exc:  # bad user input that reached no command-specific message: still one line
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        except ModuleNotFoundError as exc:
            missing = missing_extra(exc)
            if missing is None:
                raise
            typer.echo(str(missing), err=True)
            raise typer.Exit(2) from None

    @staticmethod
    def _load(name: str) -> Command:
        module, attribute, _ = COMMANDS[name]
        target = getattr(importlib.import_module(module), attribute)
        command: Command
        if isinstance(target, typer.Typer):
            command = typer.main.get_group(target)  # a group even when it has one command
        else:
            single = typer.Typer()
            single.command(name)(target)
            command = typer.main.get_command(single)
        command.name = name
        return command


app = typer.Typer(
    cls=LazyGroup,
    help="HEROES toolkit: forensic triage and OSINT against trafficking in human beings and child sexual exploitation.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help here: Rich's help renderer costs more than the whole listing
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"heroes {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Every command reads evidence read-only and writes only under --out and the case database."""


if __name__ == "__main__":
    app()
