"""`heroes screen`: victim screening for frontline responders, interactive or from a JSON file.

Invalid input exits with code 2 and a message naming the field. The interactive questionnaire saves its state
after every answer (`--state`), so running the same command again resumes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table

from heroes.inputs import InputError, check_output_path, loads_json, read_input
from heroes.learn import glossary_hint
from heroes.screening import (
    ScreeningInputError,
    ScreeningRecord,
    ScreeningSession,
    knowledge_base,
    record_for,
    screen_answers,
    screen_indicators,
    write_form,
)

ALIASES = {
    "y": "yes",
    "yes": "yes",
    "s": "yes",
    "si": "yes",
    "sí": "yes",
    "n": "no",
    "no": "no",
    "u": "unknown",
    "?": "unknown",
    "unknown": "unknown",
    "ns": "unknown",
    "no se sabe": "unknown",
}


def _fail(console: Console, message: str) -> typer.Exit:
    console.print(f"[red]error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(2)


def _read_json(path: Path, option: str) -> Any:
    """A JSON file through the shared input layer: a folder, a missing file, a duplicate key or deep nesting is
    one error naming the option."""
    try:
        return loads_json(read_input(path), str(path))
    except InputError as exc:
        raise ScreeningInputError(option, str(exc)) from None


def show_result(console: Console, result: dict[str, Any]) -> None:
    """Print a screening result: urgent guidance first, then indicators per set, missing ones and referral contacts."""
    urgent = result["urgent"]
    if urgent["act_now"]:
        lines = [f"[bold]{urgent['guidance']}[/]"] + [f"- {r['text']} ({r['source']})" for r in urgent["reasons"]]
        lines += [f"[bold]{c['name']}: {c['phone']}[/]" for c in urgent["contacts"]]
        console.print(Panel("\n".join(lines), title="URGENT", border_style="red"))
    if result["child_protection"]["refer"]:
        console.print(Panel(result["child_protection"]["guidance"], border_style="yellow"))
    for set_id, s in result["sets"].items():
        table = Table("dimension", "status", "indicators answered yes", title=f"{s['label']} ({set_id})")
        for dim, status in s["dimensions"].items():
            items = s["indicators"].get(dim, {}).get("items", [])
            table.add_row(dim, status, "\n".join(f"{i['id']} ({i['strength']}) {i['text']}" for i in items))
        console.print(table)
        console.print(f"[bold]potential_victim: {s['potential_victim']}[/]  {s['summary']}")
        for element, dims in s["missing"].items():
            ids = [i for group in dims.values() for i in group]
            console.print(
                f"  missing for {element}: {len(ids)} indicators ({', '.join(ids[:8])}"
                f"{', ...' if len(ids) > 8 else ''})"
            )
    if result["referrals"]:
        table = Table("service", "contact", "", title="referral contacts")
        for c in result["referrals"]:
            contact = " ".join(x for x in (c["phone"], c["email"]) if x) or c["note"]
            table.add_row(c["name"], contact, "[red]UNVERIFIED[/]" if c["unverified"] else "")
        console.print(table)
    console.print(f"[dim]{result['disclaimer']}[/]")
    console.print(f"[dim]{glossary_hint('indicator', 'potential-victim', 'nrm')}[/]")


def _ask_choice(console: Console, text: str, choices: list[str]) -> str:
    return Prompt.ask(text, choices=choices, console=console)


def _ask_answer(console: Console, text: str) -> str | None:
    while True:
        raw = Prompt.ask(f"{text} [dim](yes/no/unknown, q = save and stop)[/]", console=console).strip().lower()
        if raw in ("q", "quit"):
            return None
        if raw in ALIASES:
            return ALIASES[raw]
        console.print("please answer yes, no or unknown (y/n/u), or q to save and stop")


def _save(session: ScreeningSession, state: Path) -> None:
    state.write_text(json.dumps(session.to_state(), ensure_ascii=False, indent=2), encoding="utf-8")


def run_interactive(
    console: Console, state: Path, sector: str | None, country: str | None, lang: str, screener: str, subject_ref: str
) -> ScreeningSession | None:
    """Asks until the flow is done (returns the session) or the responder stops (returns None, state saved)."""
    kb = knowledge_base()
    if state.exists():
        session = ScreeningSession.from_state(_read_json(state, "--state"))
        done, total = session.progress()
        console.print(f"resuming the {session.sector} screening in {state} ({done}/{total} answered)")
    else:
        sector = sector or _ask_choice(console, "sector", list(kb.flows))
        session = ScreeningSession(
            sector=sector, country=country or "", lang=lang, screener=screener, subject_ref=subject_ref
        )
    if not session.screener:
        session.screener = Prompt.ask("screened by (your name, badge or account)", console=console)
    if not session.country:
        session.country = _ask_choice(console, "country", sorted({r.country for r in kb.referrals}))
    if session.age_group is None:
        age = _ask_choice(
            console, "is the person an adult, a child (under 18), or is the age unknown?", ["adult", "child", "unknown"]
        )
        purpose = _ask_choice(console, "kind of exploitation, if known", ["labour", "sexual", "unknown"])
        session.set_person(age, purpose)
    _save(session, state)
    while (question := session.next_question()) is not None:
        done, total = session.progress()
        value = _ask_answer(console, f"[{done + 1}/{total}] {kb.text(question.text, session.lang)}")
        if value is None:
            _save(session, state)
            console.print(f"saved to {state}; run the same command to resume")
            return None
        session.answer(question.id, value)
        _save(session, state)
    return session


def screen(
    interactive: bool = typer.Option(False, "--interactive", "-i", help="Terminal questionnaire (resumable)."),
    answers: Path | None = typer.Option(None, "--answers", help="JSON answers to a sector flow's questions."),
    indicators: Path | None = typer.Option(None, "--indicators", help="JSON answers per ILO indicator id."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON on stdout."),
    sector: str | None = typer.Option(
        None, help="law_enforcement, labour_inspection, health, education, social_services."
    ),
    country: str | None = typer.Option(None, help="ES, CO, BD or UK: which referral contacts to show."),
    lang: str = typer.Option("en", help="en, es (complete) or bn (partial, falls back to English)."),
    state: Path = typer.Option(Path("screening-state.json"), help="Interactive state file, to resume."),
    screener: str = typer.Option("", help="Who screens (name, badge or account) for the record."),
    ref: str = typer.Option("", "--ref", help="An existing case or file number; never the person's name."),
    record: Path | None = typer.Option(None, help="Save the pseudonymous screening record (JSON) here."),
    form: Path | None = typer.Option(None, help="Write the printable referral form here (.html, or .pdf)."),
) -> None:
    """Screen for indicators of trafficking (ILO/EC 2009) and child exploitation; show whom to call."""
    err = Console(stderr=True)
    if sum([interactive, answers is not None, indicators is not None]) != 1:
        raise _fail(err, "give exactly one of --interactive, --answers FILE or --indicators FILE")
    try:
        for option, path in (("--record", record), ("--form", form)):
            if path is not None:  # before any question is asked
                check_output_path(path, option)
    except InputError as exc:
        raise _fail(err, str(exc)) from None
    try:
        if interactive:
            session = run_interactive(Console(), state, sector, country, lang, screener, ref)
            if session is None:
                return
            rec: ScreeningRecord = session.record()
            result = rec.result
            state.unlink(missing_ok=True)
        elif answers is not None:
            data = _read_json(answers, "--answers")
            result = screen_answers(data, sector, country, lang)
            rec = record_for(
                data,
                result,
                screener=screener,
                sector=sector or data.get("sector", ""),
                country=country,
                lang=lang,
                mode="flow",
                subject_ref=ref,
            )
        else:
            data = _read_json(indicators, "--indicators")  # type: ignore[arg-type]
            result = screen_indicators(data, country, lang)
            rec = record_for(
                data,
                result,
                screener=screener,
                sector=sector or "",
                country=country,
                lang=lang,
                mode="indicators",
                subject_ref=ref,
            )
        if record is not None:
            rec.save(record)
        if form is not None:
            write_form(rec, form)
    except ScreeningInputError as exc:
        raise _fail(err, str(exc)) from None
    if as_json:
        typer.echo(json.dumps({"record_id": rec.record_id, **result}, ensure_ascii=False, indent=2))
    else:
        show_result(Console(), result)
