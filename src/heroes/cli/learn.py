"""`heroes learn`: the prevention guide from the terminal: lessons, the glossary, printable handouts, and the
check partners run after editing the lessons (every lesson in every language, same sections and links)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from heroes.learn.content import AUDIENCES, LANGUAGES, ContentError, Guide, load, load_from

app = typer.Typer(
    help="Prevention guide: lessons for four audiences, the glossary (Luxembourg Guidelines), printable handouts.",
    no_args_is_help=True,
)


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"choose one of {', '.join(LANGUAGES)}", param_hint="--lang")
    return lang


@app.command("lessons")
def lessons(
    lang: str = typer.Option("en", help="en, es or bn."),
    audience: str | None = typer.Option(None, help=", ".join(AUDIENCES)),
) -> None:
    """List the lessons (slug, title, reading time) by audience."""
    guide = load()
    code = _lang(lang)
    if audience is not None and audience not in AUDIENCES:
        raise typer.BadParameter(f"choose one of {', '.join(AUDIENCES)}", param_hint="--audience")
    table = Table("audience", "lesson", "title", "min")
    table.columns[1].no_wrap = True
    for a in [audience] if audience else AUDIENCES:
        for lesson in guide.by_audience(a, code):
            table.add_row(guide.audiences[a][code]["name"], lesson.slug, lesson.title, str(lesson.about_minutes))
    Console().print(table)
    typer.echo(
        f"Read them at /learn/<lesson>?lang={code} on the dashboard (`heroes serve`), or print: heroes learn handout"
    )


@app.command("glossary")
def glossary(
    term: str | None = typer.Argument(None, help="A term id (e.g. grooming, csam); none lists them all."),
    lang: str = typer.Option("en", help="en, es or bn."),
) -> None:
    """The terms to use and to avoid, and why (Luxembourg Guidelines)."""
    guide = load()
    code = _lang(lang)
    console = Console()
    if term is None:  # one line a term: greppable, and readable at any terminal width
        for t in guide.terms.values():
            avoid = (
                f" [dim]({guide.say('avoid', code)}: {escape(', '.join(t.text[code].avoid))})[/]"
                if t.text[code].avoid
                else ""
            )
            console.print(f"[bold]{t.id}[/]: {escape(t.text[code].term)}{avoid}", soft_wrap=True)
        return
    found = guide.terms.get(term.strip().lower())
    if found is None:
        typer.echo(f"error: no glossary term '{term}'; the terms are: {', '.join(guide.terms)}", err=True)
        raise typer.Exit(2)
    text = found.text[code]
    console.print(f"[bold]{escape(text.term)}[/]")
    console.print(escape(text.definition))
    if text.avoid:
        console.print(f"[red]{guide.say('avoid', code)}:[/] {escape(', '.join(text.avoid))}")
    console.print(f"[dim]{guide.say('why', code)}:[/] {escape(text.why)}")
    sources = [guide.sources[s] for s in found.sources if s in guide.sources]
    cited = "; ".join(s.publisher + (f" ({s.year})" if s.year else "") for s in sources)
    console.print(f"[dim]{escape(cited)}[/]")


@app.command("handout")
def handout(
    audience: str = typer.Argument(..., help=", ".join(AUDIENCES)),
    out: Path = typer.Option(..., "--out", help="Where to write it: .pdf (needs heroes[screening-pdf]) or .html."),
    lang: str = typer.Option("en", help="en, es or bn."),
    country: str | None = typer.Option(
        None, help="Whose help lines to print: UK, ES, CO or BD (default: by language)."
    ),
) -> None:
    """Print one audience's lessons, answers, glossary and sources as a handout for schools and NGOs."""
    from heroes.learn.handout import handout_html, handout_pdf
    from heroes.learn.helplines import countries, pick_country

    code = _lang(lang)
    if audience not in AUDIENCES:
        raise typer.BadParameter(f"choose one of {', '.join(AUDIENCES)}", param_hint="AUDIENCE")
    if country is not None and country.upper() not in countries():
        raise typer.BadParameter(f"choose one of {', '.join(countries())}", param_hint="--country")
    where = pick_country(country, code)
    try:
        if out.suffix.lower() == ".pdf":
            out.write_bytes(handout_pdf(load(), audience, code, where))
        else:
            out.write_text(handout_html(load(), audience, code, where), encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {out} ({audience}, {code}, help lines for {where})")


def _summary(guide: Guide) -> str:
    counts = f"{len(guide.terms)} terms, {len(guide.sources)} sources"
    return f"{len(guide.slugs())} lessons in {len(LANGUAGES)} languages, {counts}"


@app.command("check")
def check(
    content: Path | None = typer.Option(None, help="A content folder being edited (default: the shipped one)."),
) -> None:
    """Check the lessons: every language, same sections, citations, glossary links and quiz; 3-5 minutes each."""
    from heroes.learn.check import problems

    if content is not None and not content.is_dir():
        raise typer.BadParameter(f"no such folder: {content}", param_hint="--content")
    try:
        guide = load() if content is None else load_from(content)
    except ContentError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    found = problems(guide)
    for line in found:
        typer.echo(line)
    if found:
        typer.echo(f"{len(found)} problems", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {_summary(guide)}")
