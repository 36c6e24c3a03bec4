"""The key file and the sealed values: 0600, refused when others can read it, never remade over sealed data,
values bound to their referral, and nothing readable in the database file."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from heroes.referrals.sealing import Sealer, SealError, for_database


def test_key_file_is_made_private_on_first_use(tmp_path):
    path = tmp_path / "deep" / "referrals.key"
    sealer = Sealer.from_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again = Sealer.from_file(path)
    assert again.key_id == sealer.key_id
    assert again.open(sealer.seal({"name": "Ana"}, "R-1"), "R-1") == {"name": "Ana"}


def test_key_readable_by_others_is_refused(tmp_path):
    path = tmp_path / "referrals.key"
    Sealer.from_file(path)
    os.chmod(path, 0o644)
    with pytest.raises(SealError, match="chmod 600"):
        Sealer.from_file(path)


def test_damaged_key_file_is_refused(tmp_path):
    path = tmp_path / "referrals.key"
    path.write_text("not a key\n")
    os.chmod(path, 0o600)
    with pytest.raises(SealError, match="256-bit"):
        Sealer.from_file(path)


def test_sealed_value_is_bound_to_its_referral_and_cannot_be_altered(tmp_path):
    sealer = Sealer.from_file(tmp_path / "k")
    sealed = sealer.seal({"phone": "+34612345678"}, "R-AAAA-AAAA")
    with pytest.raises(SealError, match="moved from another referral"):
        sealer.open(sealed, "R-BBBB-BBBB")
    head, body = sealed.rsplit(".", 1)
    blob = bytearray(base64.urlsafe_b64decode(body))
    blob[20] ^= 1  # one bit of the ciphertext
    with pytest.raises(SealError, match="altered"):
        sealer.open(f"{head}.{base64.urlsafe_b64encode(bytes(blob)).decode()}", "R-AAAA-AAAA")


def test_other_key_names_both_keys(tmp_path):
    sealed = Sealer.from_file(tmp_path / "one").seal("x", "R-1")
    other = Sealer.from_file(tmp_path / "two")
    with pytest.raises(SealError, match=f"holds key {other.key_id}"):
        other.open(sealed, "R-1")


def test_missing_key_is_not_remade_while_the_database_holds_sealed_data(world, send):
    send()
    world.key.unlink()
    with pytest.raises(SealError, match=f"sealed with key {world.sealer.key_id}"):
        for_database(world.engine, world.key)
    assert not world.key.exists()


def test_the_database_file_holds_no_personal_field_in_clear(world, send):
    send()
    path = Path(world.url.removeprefix("sqlite:///"))
    wal = path.with_name(path.name + "-wal")
    raw = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    for secret in (b"Ana Example", b"+34612345678", b"example.org", b"greenhouse", b"AL-CD-04"):
        assert secret not in raw
    assert b"inspeccion-madrid" in raw  # the organisations are in clear: the test reads the right file


def test_default_key_path_is_per_database(tmp_path, monkeypatch):
    from heroes.referrals.sealing import default_key_path

    monkeypatch.delenv("HEROES_REFERRAL_KEY", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert default_key_path(f"sqlite:///{tmp_path}/case.sqlite") == tmp_path / "case.sqlite.referrals-key"
    pg = default_key_path("postgresql+psycopg://heroes@db.local:5432/heroes")
    assert pg == tmp_path / "state" / "heroes" / "db.local_5432_heroes.referrals-key"
    monkeypatch.setenv("HEROES_REFERRAL_KEY", str(tmp_path / "k"))
    assert default_key_path("sqlite:///x.sqlite") == tmp_path / "k"


def test_key_made_by_another_process_first_is_used(tmp_path, monkeypatch):
    from heroes.referrals import sealing

    path = tmp_path / "referrals.key"
    first = Sealer.from_file(path)
    real_read = sealing._read_key
    calls = iter([FileNotFoundError, None])

    def racing_read(p):  # the first look finds nothing; by the time we create, the other process has
        if next(calls) is FileNotFoundError:
            raise FileNotFoundError(p)
        return real_read(p)

    monkeypatch.setattr(sealing, "_read_key", racing_read)
    assert Sealer.from_file(path).key_id == first.key_id


def test_key_that_cannot_be_made_is_one_clear_error(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(SealError, match="cannot be read: Not a directory"):
        Sealer.from_file(tmp_path / "file" / "referrals.key")
