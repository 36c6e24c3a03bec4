"""Personal fields encrypted at rest (AES-256-GCM from ``cryptography``) with a key that is not in the database.

Why a key file: a copy of the database (a backup, a stolen disk, a careless export) then holds no readable
contact details, answers or notes. The key is 32 random bytes in a file of its own, made on first use with mode
0600 in a 0700 folder; a key file that others can read is refused, as ssh refuses such a private key. Its path is
``--key-file``, else ``$HEROES_REFERRAL_KEY``, else next to a SQLite database (``case.sqlite.referrals-key``) or,
for a database server, under ``$XDG_STATE_HOME/heroes`` (default ``~/.local/state/heroes``); every process that
opens the referrals (``heroes serve``, ``heroes referrals``) must use the same key. A missing key file is
made only while the database holds nothing sealed: otherwise a new key would silently make the old data
unreadable, so that is an error naming the key the data needs.

Each sealed value is ``v1.<key id>.<base64url(nonce + ciphertext)>``; the key id (the first 8 bytes of the key's
SHA-256, in hex) names the key without revealing it. The referral's reference number is authenticated with the
value (GCM associated data), so a sealed value copied onto another referral does not open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, select

VERSION = "v1"
ENV = "HEROES_REFERRAL_KEY"
NONCE = 12


class SealError(ValueError):
    """A missing, unreadable or wrong key, or a sealed value that does not open."""


def default_key_path(db_url: str) -> Path:
    from heroes.store.db import database_stem

    return Path(os.environ.get(ENV) or f"{database_stem(db_url)}.referrals-key")


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


def _read_key(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SealError(f"key file {path} can be read by others (mode {stat.S_IMODE(mode):o}): run chmod 600 {path}")
    try:
        key = base64.urlsafe_b64decode(path.read_text("ascii").strip())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        key = b""
    if len(key) != 32:
        raise SealError(f"key file {path} does not hold a 256-bit key (base64 text of 32 bytes)")
    return key


def _write_key(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use that one
        return _read_key(path)
    except OSError as exc:
        raise SealError(f"cannot create key file {path}: {exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(base64.urlsafe_b64encode(key).decode() + "\n")
    return key


class Sealer:
    """Seals and opens JSON values with one key."""

    def __init__(self, key: bytes) -> None:
        self.key_id = key_id(key)
        self._aead = AESGCM(key)

    @classmethod
    def from_file(cls, path: Path, used_ids: set[str] | None = None) -> Sealer:
        """The key at ``path``; made there when missing and ``used_ids`` (key ids in the database) is empty."""
        try:
            return cls(_read_key(path))
        except FileNotFoundError:
            if used_ids:
                raise SealError(
                    f"key file {path} is missing, and the referrals in this database were sealed with key "
                    f"{', '.join(sorted(used_ids))}: restore that key file (or pass --key-file)"
                ) from None
            return cls(_write_key(path))
        except OSError as exc:  # no permission, a file where a folder should be, ...
            raise SealError(f"key file {path} cannot be read: {exc.strerror}") from None

    def seal(self, value: Any, bound_to: str) -> str:
        nonce = secrets.token_bytes(NONCE)
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        blob = nonce + self._aead.encrypt(nonce, body, bound_to.encode())
        return f"{VERSION}.{self.key_id}.{base64.urlsafe_b64encode(blob).decode()}"

    def open(self, sealed: str, bound_to: str) -> Any:
        """The value sealed for `bound_to`, or a SealError when it was altered, moved or sealed with another key."""
        try:
            version, kid, data = sealed.split(".", 2)
        except ValueError:
            raise SealError("not a sealed value") from None
        if version != VERSION:
            raise SealError(f"sealed with format {version!r}, this version reads {VERSION}")
        if kid != self.key_id:
            raise SealError(f"sealed with key {kid}, but the key file holds key {self.key_id}")
        try:
            blob = base64.urlsafe_b64decode(data)
            body = self._aead.decrypt(blob[:NONCE], blob[NONCE:], bound_to.encode())
        except (binascii.Error, InvalidTag, ValueError):
            raise SealError("sealed value does not open: altered, or moved from another referral") from None
        return json.loads(body)


def for_database(engine: Engine, path: Path | None = None) -> Sealer:
    """The key for this database's referrals (made on first use only while nothing is sealed yet)."""
    from heroes.referrals.models import Referral

    with engine.connect() as conn:
        ids = conn.scalars(select(Referral.key_id).where(Referral.key_id.is_not(None)).distinct())
        used = {k for k in ids if k is not None}
    return Sealer.from_file(path or default_key_path(engine.url.render_as_string(hide_password=False)), used)
