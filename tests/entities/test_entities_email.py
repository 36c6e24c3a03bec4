"""E-mail: validated syntax, lower-cased domain, onion mail domains only with a valid v3 address."""

from __future__ import annotations

from heroes.entities.email import find_emails, normalise_email

DDG = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"


def test_normalisation_and_rejections():
    assert normalise_email("Alice.Smith@Example.COM") == "Alice.Smith@example.com"
    assert normalise_email(f"someone@{DDG.upper()}") == f"someone@{DDG}"
    for bad in [
        "bad..dots@example.com",
        "x@localhost",
        "user@test.invalid",
        ".lead@example.com",
        "x@aaaa.onion",
        f"x@{DDG[:-7]}b.onion",
    ]:
        assert normalise_email(bad) is None, bad


def test_find_emails_offsets():
    text = f"Escríbeme a Maria.Lopez@Correo.ES o a anon@{DDG}; no: a@b, @@x.com, mailto:bob@mail.example.org."
    found = list(find_emails(text))
    assert [(e.value, e.offset) for e in found] == [
        ("Maria.Lopez@correo.es", text.index("Maria")),
        (f"anon@{DDG}", text.index("anon")),
        ("bob@mail.example.org", text.index("bob")),
    ]
