"""`heroes orgs`: the organisations that send and receive referrals (add, list, import the shipped directories,
set an organisation's retention and acceptance times)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from heroes.cli.serve import DB_HELP, db_url, open_audit, open_engine

if TYPE_CHECKING:  # only for annotations: the commands load these when they run
    from sqlalchemy import Engine

    from heroes.web.audit import AuditLog

app = typer.Typer(help="Organisations that send and receive victim-assistance referrals.", no_args_is_help=True)
KIND_HELP = "ngo, police, labour_inspection, health, shelter, child_protection, helpline or nrm"


def trail(engine: Engine, db: str | None) -> AuditLog:
    """The database's audit log, with its key (a missing or wrong key is one line and exit 2)."""
    return open_audit(engine, db_url(db))


def fail(message: object) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="short unique name, used by --org, `to_org` and the dashboard"),
    kind: str = typer.Option(..., "--kind", help=KIND_HELP),
    country: str = typer.Option(..., "--country", help="country code: ES, CO, BD, UK, ..."),
    title: str = typer.Option("", help="display name (default: NAME)"),
    audience: str = typer.Option("any", help="whom it serves: any, adult or child"),
    phone: str = typer.Option("", help="the service's public phone number"),
    email: str = typer.Option("", help="the service's public e-mail address"),
    url: str = typer.Option("", help="the service's web site"),
    retention_days: int = typer.Option(180, help="days personal fields are kept after a referral is closed"),
    accept_hours: int = typer.Option(48, help="hours within which a new referral should be accepted"),
    urgent_accept_hours: int = typer.Option(4, help="the same for an urgent referral"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Add an organisation."""
    from heroes.referrals import orgs

    engine = open_engine(db)
    try:
        org = orgs.add(
            engine,
            name,
            kind,
            country,
            title=title,
            audience=audience,
            phone=phone,
            email=email,
            url=url,
            retention_days=retention_days,
            accept_hours=accept_hours,
            urgent_accept_hours=urgent_accept_hours,
        )
    except orgs.OrgError as exc:
        raise fail(exc) from None
    trail(engine, db).append("cli", "org_add", f"org:{org.name}", kind=org.kind, country=org.country)
    typer.echo(f"added {org.name} ({org.kind}, {org.country})")


@app.command("set")
def configure(
    name: str = typer.Argument(..., help="organisation name"),
    retention_days: int | None = typer.Option(None, help="days personal fields are kept after closing"),
    accept_hours: int | None = typer.Option(None, help="hours within which a new referral should be accepted"),
    urgent_accept_hours: int | None = typer.Option(None, help="the same for an urgent referral"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Change an organisation's retention time and acceptance times."""
    from heroes.referrals import orgs

    engine = open_engine(db)
    try:
        org = orgs.configure(
            engine,
            name,
            retention_days=retention_days,
            accept_hours=accept_hours,
            urgent_accept_hours=urgent_accept_hours,
        )
    except orgs.OrgError as exc:
        raise fail(exc) from None
    settings = {"retention_days": org.retention_days, "accept_hours": org.accept_hours}
    settings["urgent_accept_hours"] = org.urgent_accept_hours
    trail(engine, db).append("cli", "org_set", f"org:{org.name}", **settings)
    typer.echo(f"{org.name}: " + ", ".join(f"{k} {v}" for k, v in settings.items()))


@app.command("list")
def list_orgs(
    country: str | None = typer.Option(None, help="only this country"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object a line"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Organisations, by country and name."""
    from heroes.referrals import orgs

    for org in orgs.all_orgs(open_engine(db), country):
        if as_json:
            typer.echo(json.dumps(org.as_dict(), ensure_ascii=False))
        else:
            flag = "" if org.verified else "  (UNVERIFIED)"
            typer.echo(f"{org.country}\t{org.name}\t{org.kind}\t{org.audience}\t{org.title()}{flag}")


@app.command("import")
def import_orgs(
    file: Path | None = typer.Argument(
        None,
        dir_okay=False,
        help="a CSV file (name, kind, country, title, audience, phone, email, url); "
        "default: the referral directories shipped with the screening tool",
    ),
    country: str | None = typer.Option(None, help="only this country of the shipped directories"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Import organisations: the shipped referral directories (again: refreshes names and numbers) or a CSV."""
    from heroes.referrals import orgs

    engine = open_engine(db)
    try:
        if file is None:
            added, refreshed = orgs.import_directory(engine, country)
            problems: list[str] = []
        else:
            if not file.is_file():
                raise orgs.OrgError(f"{file}: no such file")
            added, problems = orgs.import_csv(engine, file)
            refreshed = 0
    except orgs.OrgError as exc:
        raise fail(exc) from None
    for line in problems:
        typer.echo(f"error: {line}", err=True)
    source = str(file) if file else "shipped directories"
    trail(engine, db).append("cli", "org_import", "orgs", source=source, added=added, refreshed=refreshed)
    typer.echo(
        f"{added} added, {refreshed} refreshed from {source}" + (f", {len(problems)} rows refused" if problems else "")
    )
    if problems:
        raise typer.Exit(1)


@app.command("join")
def join(
    user: str = typer.Argument(..., help="dashboard user name"),
    org: str = typer.Argument(..., help="organisation name"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Make a dashboard user a member of an organisation (a user belongs to one: this replaces any other)."""
    from sqlalchemy import select

    from heroes.referrals import orgs
    from heroes.web.models import User

    engine = open_engine(db)
    with engine.connect() as conn:
        uid = conn.scalar(select(User.id).where(User.name == user))
    if uid is None:
        raise fail(f"no user {user!r}")
    try:
        orgs.join(engine, uid, org)
    except orgs.OrgError as exc:
        raise fail(exc) from None
    trail(engine, db).append("cli", "org_member", f"user:{user}", org=org)
    typer.echo(f"{user} now belongs to {org}")
