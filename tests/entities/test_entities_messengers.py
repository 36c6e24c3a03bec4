"""Telegram and WhatsApp: links, reserved paths, invites, wa.me numbers, bare handles only next to Telegram."""

from __future__ import annotations

from heroes.entities.messengers import find_telegram, find_whatsapp


def telegram(text: str) -> list[tuple[str, str, str]]:
    return [(e.value, e.confidence, e.extra["form"]) for e in find_telegram(text)]


def test_telegram_links():
    text = (
        "Join https://t.me/SomeChannel_1 or telegram.me/s/Other_Chan, t.me/+AbCdEfGhIjKl12, "
        "https://t.me/joinchat/AbCdEfGhIjKl12, https://Durov.t.me, tg://resolve?domain=Example_Bot"
    )
    assert telegram(text) == [
        ("somechannel_1", "high", "username"),
        ("other_chan", "high", "username"),
        ("t.me/+AbCdEfGhIjKl12", "high", "invite"),
        ("t.me/+AbCdEfGhIjKl12", "high", "invite"),
        ("durov", "high", "username"),
        ("example_bot", "high", "username"),
    ]
    [first] = [e for e in find_telegram(text) if e.value == "somechannel_1"]
    assert first.offset == text.index("t.me/SomeChannel_1")


def test_reserved_paths_and_invalid_usernames_are_skipped():
    text = "t.me/addstickers/Pack t.me/share/url t.me/proxy?server=x t.me/bad_ t.me/abc t.me/1digit www.t.me"
    assert telegram(text) == []


def test_bare_handles_need_a_telegram_keyword():
    text = "Telegram: @Contact_Me123 ; twitter @someone_else ; mi tg @es_usuario ; email a@example.com"
    assert telegram(text) == [("contact_me123", "medium", "username"), ("es_usuario", "medium", "username")]
    assert telegram("write to @lonely_handle today") == []


def test_whatsapp_numbers_and_groups():
    text = (
        "wa.me/34612345678 https://api.whatsapp.com/send?phone=447911123456&text=hola "
        "https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv wa.me/123 wa.me/34012345678"
    )
    found = [(e.type, e.value) for e in find_whatsapp(text)]
    assert found == [
        ("whatsapp", "+34612345678"),
        ("phone", "+34612345678"),
        ("whatsapp", "+447911123456"),
        ("phone", "+447911123456"),
        ("whatsapp", "chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv"),
    ]
