"""HTML extraction: visible text only, title and meta tags, link targets kept, declared charsets honoured."""

from __future__ import annotations

from heroes.text import html

PAGE = b"""<!DOCTYPE html><html><head><title> Rooms  to rent </title>
<meta name="author" content="A. Writer"><meta name="generator" content="SiteMaker 2">
<meta property="og:url" content="https://example.org/ad/1">
<style>body { color: red }</style><script>var hidden = "not text";</script></head>
<body><h1>Offer</h1><p>Contact us &amp; ask</p>
<a href="https://t.me/example_handle">Telegram</a> <a href="mailto:someone@example.org">mail</a>
<a href="#top">top</a><a href="https://t.me/example_handle">again</a></body></html>"""


def test_visible_text_title_meta_and_links():
    got = html.extract(PAGE, max_chars=10_000, partial=False)
    assert "Offer" in got.text
    assert "Contact us & ask" in got.text
    assert "not text" not in got.text and "color" not in got.text
    assert "https://t.me/example_handle" in got.text
    assert "mailto:someone@example.org" in got.text
    assert "#top" not in got.text
    assert got.metadata["title"] == "Rooms to rent"
    assert got.metadata["author"] == "A. Writer"
    assert got.metadata["application"] == "SiteMaker 2"
    assert got.metadata["og_url"] == "https://example.org/ad/1"
    assert got.metadata["links"] == 2


def test_declared_charset():
    page = '<html><head><meta charset="windows-1251"></head><body>Привет</body></html>'.encode("cp1251")
    got = html.extract(page, max_chars=1000, partial=False)
    assert "Привет" in got.text
    assert got.metadata["encoding"] == "cp1251"


def test_broken_markup_and_unclosed_head_still_give_text():
    got = html.extract(
        b"<html><head><title>x<body><p>still here<div><a href='http://a.example/'>", max_chars=1000, partial=False
    )
    assert "still here" in got.text or "still here" in got.metadata.get("title", "")
    assert "http://a.example/" in got.text


def test_charset_that_cannot_decode_falls_back():
    page = b'<html><head><meta charset="utf-16"></head><body>plain ascii</body></html>'
    got = html.extract(page, max_chars=1000, partial=False)
    assert "plain ascii" in got.text
    assert got.metadata["encoding"] == "utf-8"
