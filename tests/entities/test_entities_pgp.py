"""PGP: fingerprints of real keys (made with GnuPG 2.2; gpg printed the fingerprints below), lazy block
matching, CRC checks, and bare hex only next to a keyword."""

from __future__ import annotations

from heroes.entities.pgp import crc24, dearmor, find_pgp, key_info

ALICE = """-----BEGIN PGP PUBLIC KEY BLOCK-----

mDMEawvcQxYJKwYBBAHaRw8BAQdAGkStO71k+Q73QUIqvgXbxB3uvTJOjH+iVgtd
F8mrwzW0HlRlc3QgYWxpY2UgPGFsaWNlQGV4YW1wbGUub3JnPoiQBBMWCAA4FiEE
opAHfJ9izhRa+IZv78Fz92RU+kgFAmsL3EMCGwEFCwkIBwIGFQoJCAsCBBYCAwEC
HgECF4AACgkQ78Fz92RU+khRSAEA/oCOg5Gxn8H4CZzqn+CaEgfUE8PNuR8WPYpl
uXxybboBAO+AOnPuk4nN+Ay1JKpsf0RtciYXgIFvC6pJt/3NOdgB
=hSNG
-----END PGP PUBLIC KEY BLOCK-----"""
ALICE_FPR = "A290077C9F62CE145AF8866FEFC173F76454FA48"
BOB = """-----BEGIN PGP PUBLIC KEY BLOCK-----
Comment: test key

mDMEawvcQxYJKwYBBAHaRw8BAQdASM4BGMg1L9/j6GEhIY98Xy2IySVobkBJU+7D
m6sbQYW0GlRlc3QgYm9iIDxib2JAZXhhbXBsZS5vcmc+iJAEExYIADgWIQTRLgkO
FVcFE6n46OXUBvZDxwcS1AUCawvcQwIbAQULCQgHAgYVCgkICwIEFgIDAQIeAQIX
gAAKCRDUBvZDxwcS1KqGAPoDQ82Xnr6XOKSZf/1FK9h4qYYnVSEtkRoi8sxqamxT
jwEArjWu9JjW62skJo+McL8yoF1PqcrjgBP2S5wlVu7giA8=
=1G97
-----END PGP PUBLIC KEY BLOCK-----"""
BOB_FPR = "D12E090E15570513A9F8E8E5D406F643C70712D4"


def test_two_keys_in_one_text_give_two_fingerprints():
    text = f"my key:\n{ALICE}\nand my friend's:\n{BOB}\n"
    keys = [e for e in find_pgp(text) if e.type == "pgp_key"]
    assert [(e.value, e.offset) for e in keys] == [(ALICE_FPR, text.index(ALICE)), (BOB_FPR, text.index(BOB))]
    assert keys[0].extra == {"version": 4, "algorithm": "EdDSA", "user_id": "Test alice <alice@example.org>"}
    assert keys[1].extra["user_id"] == "Test bob <bob@example.org>"


def test_corrupted_block_fails_its_crc():
    body = ALICE.split("\n\n", 1)[1].rsplit("\n=", 1)[0]
    assert key_info(dearmor("\n" + body)) is not None  # without its CRC line it still parses
    broken = ALICE.replace("mDMEawvcQx", "mDMEawvcQy")
    assert [e for e in find_pgp(broken) if e.type == "pgp_key"] == []
    assert crc24(b"") == 0xB704CE


def test_fingerprint_forms_and_keywords():
    grouped = "A290 077C 9F62 CE14 5AF8  866F EFC1 73F7 6454 FA48"
    text = f"GPG fingerprint: {grouped}\n{'-' * 100}\nsha1 of the file: {'3f' * 20}"
    found = list(find_pgp(text))
    assert [(e.value, e.offset, e.confidence) for e in found] == [(ALICE_FPR, 17, "medium")]
    assert list(find_pgp(f"a file with digest {ALICE_FPR.lower()} was uploaded")) == []
    v6 = "cb186c4f0609a697e4d52dfa6c722b0c1f1e27c18a56708f6525ec27bad9acc9"
    assert [e.value for e in find_pgp(f"OpenPGP v6 fingerprint {v6}")] == [v6.upper()]


def test_bare_hex_equal_to_a_parsed_key_is_high():
    text = f"{ALICE}\n{'filler ' * 40}\n{ALICE_FPR.lower()}"
    found = [e for e in find_pgp(text) if e.type == "pgp_fingerprint"]
    assert [(e.value, e.confidence) for e in found] == [(ALICE_FPR, "high")]


def test_begin_without_end_and_garbage_blocks_are_ignored():
    assert list(find_pgp("-----BEGIN PGP PUBLIC KEY BLOCK-----\nmDMEawvcQx")) == []
    junk = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64 at all!\n-----END PGP PUBLIC KEY BLOCK-----"
    assert list(find_pgp(junk)) == []
