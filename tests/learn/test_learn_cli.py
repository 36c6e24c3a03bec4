"""`heroes learn`: lessons, glossary, handouts and the content check; and the glossary links other commands print
where they use its terms (each must name a term that exists)."""

from __future__ import annotations

import json
import re
import shutil
from importlib.resources import as_file

import pytest
from typer.testing import CliRunner

from heroes.cli.main import app
from heroes.learn.content import content_root, load

runner = CliRunner()


def test_glossary_term_and_list():
    result = runner.invoke(app, ["learn", "glossary", "csam", "--lang", "es"])
    assert result.exit_code == 0, result.output
    assert "Material de abuso sexual infantil (CSAM)" in result.output and "pornografía infantil" in result.output
    listing = runner.invoke(app, ["learn", "glossary"]).output
    assert all(term in listing for term in load().terms)


def test_glossary_unknown_term_is_one_line_and_exit_2():
    result = runner.invoke(app, ["learn", "glossary", "nope"])
    assert result.exit_code == 2 and result.output.strip().startswith("error: no glossary term 'nope'")
    assert runner.invoke(app, ["learn", "glossary", "csam", "--lang", "fr"]).exit_code == 2


def test_lessons_listing():
    result = runner.invoke(app, ["learn", "lessons", "--lang", "bn", "--audience", "responders"])
    assert result.exit_code == 0, result.output
    assert "first-contact" in result.output and "grooming-signs" not in result.output


def test_handout_html_and_pdf(tmp_path):
    html = tmp_path / "h.html"
    result = runner.invoke(
        app, ["learn", "handout", "young-people", "--lang", "es", "--country", "co", "--out", str(html)]
    )
    assert result.exit_code == 0, result.output
    text = html.read_text("utf-8")
    assert "Colombia" in text and "Ponte a prueba" in text and "<script" not in text
    assert runner.invoke(app, ["learn", "handout", "nobody", "--out", str(html)]).exit_code == 2
    assert runner.invoke(app, ["learn", "handout", "parents", "--country", "FR", "--out", str(html)]).exit_code == 2
    nowhere = runner.invoke(app, ["learn", "handout", "parents", "--out", str(tmp_path / "no" / "such.html")])
    assert nowhere.exit_code == 2 and nowhere.output.startswith("error: cannot write")


@pytest.mark.slow
def test_pdf_handouts_print_bengali_with_a_bengali_font(tmp_path):
    from pypdf import PdfReader

    pdf = tmp_path / "bn.pdf"
    result = runner.invoke(app, ["learn", "handout", "responders", "--lang", "bn", "--out", str(pdf)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(pdf)
    assert len(reader.pages) >= len(load().by_audience("responders", "bn")) + 2  # a lesson a page, answers, glossary
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
        if "/BaseFont" in font.get_object()
    }
    assert any("Bengali" in f for f in fonts), fonts  # not empty boxes in a Latin font


def test_check_passes_on_the_shipped_content_and_fails_on_a_broken_copy(tmp_path):
    result = runner.invoke(app, ["learn", "check"])
    assert result.exit_code == 0, result.output
    assert re.match(r"ok: \d+ lessons in 3 languages", result.output)
    copy = tmp_path / "content"
    with as_file(content_root()) as source:
        shutil.copytree(source, copy)
    (copy / "lessons" / "es" / "first-contact.md").unlink()
    broken = runner.invoke(app, ["learn", "check", "--content", str(copy)])
    assert broken.exit_code == 1 and "lessons/es/first-contact.md: missing" in broken.output
    (copy / "glossary.yaml").write_text("terms: [", "utf-8")
    bad = runner.invoke(app, ["learn", "check", "--content", str(copy)])
    assert bad.exit_code == 1 and bad.output.startswith("error: glossary.yaml: not valid YAML")


def _hinted_terms(output: str) -> list[str]:
    return re.findall(r"heroes learn glossary ([a-z0-9-]+)", output)


def test_other_commands_link_their_terms_to_the_glossary(tmp_path):
    chat = tmp_path / "chat.jsonl"
    messages = [("G", "how old r u"), ("C", "13"), ("G", "dont tell ur parents, our secret"), ("G", "add me on snap")]
    chat.write_text(
        json.dumps({"id": "c", "messages": [{"t": i, "from": a, "text": t} for i, (a, t) in enumerate(messages)]}),
        "utf-8",
    )
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"age_group": "adult", "purpose": "labour", "default": "no", "answers": {}}))
    ad = tmp_path / "ad.txt"
    ad.write_text("Hostess work abroad, no experience, pay the agency fee first, we keep your passport", "utf-8")
    outputs = {
        "grooming": runner.invoke(app, ["grooming", "scan", str(chat)]).output,
        "screen": runner.invoke(app, ["screen", "--indicators", str(answers), "--country", "ES"]).output,
        "jobs": runner.invoke(app, ["jobs", "check", str(ad)]).output,
    }
    terms = load().terms
    for command, output in outputs.items():
        hinted = _hinted_terms(output)
        assert hinted, (command, output)
        assert set(hinted) <= set(terms), (command, hinted)
    assert "grooming" in _hinted_terms(outputs["grooming"])
    json_out = runner.invoke(app, ["grooming", "scan", str(chat), "--json"]).output
    assert not _hinted_terms(json_out)  # programs get clean JSON
