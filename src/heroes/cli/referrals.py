"""`heroes referrals`: send and list referrals, statistics, and the privacy duties (purge after the retention
time, a person's access export, erasure, finding a person's references)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import typer

from heroes.cli.orgs import fail, trail
from heroes.cli.serve import DB_HELP, open_engine

app = typer.Typer(help="Victim-assistance referrals between organisations.", no_args_is_help=True)
KEY_HELP = "key file of the sealed personal fields (also $HEROES_REFERRAL_KEY; default: next to a SQLite database)"
AGE = re.compile(r"^(\d+)\s*([hdw])$")
UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """``180d``, ``12h`` or ``2w`` as a time span."""
    found = AGE.match(text.strip().lower())
    if not found:
        raise typer.BadParameter(f"{text!r}: give a number and h, d or w (180d, 12h, 2w)")
    return timedelta(**{UNITS[found.group(2)]: int(found.group(1))})


def _org(engine: Any, name: str | None) -> Any:
    from heroes.referrals import orgs

    try:
        return orgs.by_name(engine, name) if name else None
    except orgs.OrgError as exc:
        raise fail(exc) from None


def _sealer(engine: Any, key_file: Path | None) -> Any:
    from heroes.referrals.sealing import SealError, for_database

    try:
        return for_database(engine, key_file)
    except SealError as exc:
        raise fail(exc) from None


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"{what}: file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fail(f"{what}: {path} is not valid JSON ({exc})") from None


@app.command("send")
def send(
    sender: str = typer.Option(..., "--from", help="the sending organisation"),
    receiver: str = typer.Option(..., "--to", help="the receiving organisation"),
    screening: Path = typer.Option(..., help="indicator answers, as for `heroes screen --indicators`"),
    consent: str = typer.Option(..., help="given, refused (an anonymous alert) or not_possible"),
    legal_basis: str = typer.Option("", help="the legal basis when consent is not possible"),
    contact: Path | None = typer.Option(None, help="JSON object with the contact fields the person agreed to share"),
    notes: str = typer.Option("", help="notes for the receiving organisation"),
    by: str = typer.Option("cli", help="who sends it (for the audit trail)"),
    key_file: Path | None = typer.Option(None, help=KEY_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Send a referral; prints its reference number."""
    from heroes.referrals import handover
    from heroes.referrals.errors import ReferralError

    engine = open_engine(db)
    data = _read_json(screening, "--screening")
    fields = _read_json(contact, "--contact") if contact else None
    try:
        org = handover.sender_org(engine, sender)
        screened = handover.from_indicators(data, org.country)
        ref = handover.send(
            engine,
            _sealer(engine, key_file),
            trail(engine, db),
            actor=by,
            sender=org,
            to_org=receiver,
            screened=screened,
            consent=consent,
            legal_basis=legal_basis,
            contact=fields,
            notes=notes,
        )
    except ReferralError as exc:
        raise fail(exc) from None
    typer.echo(ref)


@app.command("list")
def list_referrals(
    org: str | None = typer.Option(None, "--org", help="what this organisation sent or received (default: all)"),
    direction: str | None = typer.Option(None, help="sent or received"),
    status: str | None = typer.Option(None, help="only this status"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object a line, no personal fields"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Referrals (open, urgent and overdue first): reference, organisations, status, times."""
    from heroes.referrals import states, views

    if direction not in (None, *views.DIRECTIONS):
        raise fail(f"--direction must be one of {', '.join(views.DIRECTIONS)}")
    if status not in (None, *states.STATUSES):
        raise fail(f"--status must be one of {', '.join(states.STATUSES)}")
    engine = open_engine(db)
    keys = ("id", "from_org", "to_org", "status", "urgent", "overdue", "created", "updated")
    for item in views.listing(engine, _org(engine, org), direction=direction, status=status):
        if as_json:
            typer.echo(json.dumps({k: item[k] for k in keys}))
        else:
            marks = ("URGENT " if item["urgent"] else "") + ("OVERDUE" if item["overdue"] else "")
            typer.echo(
                f"{item['id']}\t{item['from_org']} -> {item['to_org']}\t{item['status']}\t{item['created']}\t{marks}"
            )


@app.command("stats")
def stats(
    org: str | None = typer.Option(None, "--org", help="only what this organisation sent or received"),
    csv_out: Path | None = typer.Option(None, "--csv", help="write one row per month and route to this CSV file"),
    as_json: bool = typer.Option(False, "--json", help="print the statistics as JSON"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Anonymous statistics: routes, time to acceptance, outcomes, months."""
    from heroes.referrals import stats as stats_mod

    engine = open_engine(db)
    scope = _org(engine, org)
    if csv_out:
        csv_out.write_text(stats_mod.to_csv(engine, scope), encoding="utf-8")
    result = stats_mod.compute(engine, scope)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    tta = result["time_to_accept"]
    typer.echo(f"referrals: {result['total']} ({result['open']} open, {result['urgent']} urgent)")
    typer.echo(f"accepted: {tta['accepted']}, median {tta['median_hours']} h, 90th percentile {tta['p90_hours']} h")
    for r in result["routes"]:
        typer.echo(f"  {r['from_kind']} -> {r['to_kind']}: {r['referrals']}")
    for outcome, n in result["outcomes"].items():
        if n:
            typer.echo(f"  closed, {outcome}: {n}")
    if csv_out:
        typer.echo(f"CSV written to {csv_out}")


@app.command("purge")
def purge(
    older_than: str | None = typer.Option(
        None, help="purge what was closed longer ago than this (180d, 12h, 2w); default: each organisation's retention"
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="only list what would be purged"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Remove the personal fields of referrals closed longer ago than the retention time (statistics stay)."""
    from heroes.referrals import privacy

    span = parse_age(older_than) if older_than else None
    engine = open_engine(db)
    refs = privacy.purge(engine, trail(engine, db), "cli", span, dry_run=dry_run)
    for ref in refs:
        typer.echo(ref)
    typer.echo(f"{len(refs)} referral(s) {'would be ' if dry_run else ''}purged", err=True)


@app.command("export")
def export(
    ref: str = typer.Argument(..., help="the referral's reference number (R-XXXX-XXXX)"),
    out: Path | None = typer.Option(None, help="write the JSON here (default: standard output)"),
    key_file: Path | None = typer.Option(None, help=KEY_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """A person's access request: everything held about them along the referral's chain, as JSON."""
    from heroes.referrals import privacy
    from heroes.referrals.errors import NotVisible
    from heroes.referrals.sealing import SealError

    engine = open_engine(db)
    try:
        data = privacy.export(engine, _sealer(engine, key_file), trail(engine, db), ref, "cli")
    except NotVisible:
        raise fail(f"no referral {ref!r}") from None
    except SealError as exc:
        raise fail(exc) from None
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"written to {out}", err=True)
    else:
        typer.echo(text)


@app.command("erase")
def erase(
    ref: str = typer.Argument(..., help="the referral's reference number"),
    yes: bool = typer.Option(False, "--yes", help="confirm: this cannot be undone"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """A person's erasure request: removes the personal fields along the referral's chain now."""
    from heroes.referrals import privacy
    from heroes.referrals.errors import NotVisible

    if not yes:
        raise fail("erasure cannot be undone: add --yes to confirm")
    try:
        engine = open_engine(db)
        refs = privacy.erase(engine, trail(engine, db), ref, "cli")
    except NotVisible:
        raise fail(f"no referral {ref!r}") from None
    typer.echo(f"erased: {', '.join(refs)}")


@app.command("find")
def find(
    query: str = typer.Argument(..., help="the person's name, phone number or e-mail address, exactly"),
    org: str = typer.Option(..., "--org", help="the organisation that sent or received the referrals"),
    key_file: Path | None = typer.Option(None, help=KEY_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """The references whose shared contact matches, for a request from someone who does not know theirs."""
    from heroes.referrals import privacy
    from heroes.referrals.sealing import SealError

    engine = open_engine(db)
    try:
        found = privacy.find(engine, _sealer(engine, key_file), trail(engine, db), _org(engine, org), query, "cli")
    except SealError as exc:
        raise fail(exc) from None
    for ref in found:
        typer.echo(ref)
    if not found:
        typer.echo("no referral matches", err=True)
        raise typer.Exit(1)
