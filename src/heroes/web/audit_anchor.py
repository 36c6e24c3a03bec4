"""What the audit log trusts outside the database: the key that authenticates its entries, and signed checkpoints.

Whoever can write the database could otherwise rewrite the log and recompute every hash, or delete its newest
entries. So each entry also carries an HMAC-SHA256 under a key kept in a file (``AuditKey``: made on first use
with mode 0600, refused when others can read it), and after each entry a *checkpoint* of the chain's head (its
seq and hash, signed with the same key) is appended to a file (``Checkpoints``; mark it append-only with
``chattr +a`` where you can). ``heroes audit checkpoint`` prints one for a paper log or a ticket.

Where they live: ``--audit-key`` / ``$HEROES_AUDIT_KEY`` and ``--audit-checkpoints`` /
``$HEROES_AUDIT_CHECKPOINTS``; by default next to a SQLite database (``case.sqlite.audit-key``,
``case.sqlite.audit-checkpoints``), and for a database server under ``$XDG_STATE_HOME/heroes`` (default
``~/.local/state/heroes``). Keep the key where the database's writers cannot reach it when you can; every
process that writes the log (``heroes serve``, ``heroes users``) must use the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heroes.store.db import database_stem

KEY_ENV, CHECKPOINTS_ENV = "HEROES_AUDIT_KEY", "HEROES_AUDIT_CHECKPOINTS"
TAIL = 64 * 1024  # the newest checkpoint is found in the file's last 64 KiB


class AuditKeyError(Exception):
    """The key file is missing where the log needs it, unreadable, readable by others, or another log's key."""


def default_paths(db_url: str) -> tuple[Path, Path]:
    """The key and checkpoint files for this database, after the environment variables."""
    stem = database_stem(db_url)
    key = os.environ.get(KEY_ENV) or f"{stem}.audit-key"
    checkpoints = os.environ.get(CHECKPOINTS_ENV) or f"{stem}.audit-checkpoints"
    return Path(key), Path(checkpoints)


@dataclass(frozen=True)
class AuditKey:
    """The secret key that signs the audit log, so an edited log is detected."""

    path: Path
    secret: bytes

    @property
    def id(self) -> str:
        """A name for the key that reveals nothing of it (stored with each entry)."""
        return self.mac("heroes-audit-key-id")[:16]

    def mac(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    @classmethod
    def load(cls, path: Path) -> AuditKey:
        """Read the key file; AuditKeyError when it is unreadable, malformed or readable by others."""
        try:
            mode = path.stat().st_mode
            text = path.read_text("ascii").strip()
        except FileNotFoundError:
            raise
        except (OSError, UnicodeDecodeError) as exc:
            raise AuditKeyError(f"cannot read the audit key {path}: {exc}") from None
        if stat.S_IMODE(mode) & 0o077:
            raise AuditKeyError(f"the audit key {path} can be read by other users: run chmod 600 {path}")
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise AuditKeyError(f"the audit key {path} is not 64 hexadecimal digits")
        return cls(path, bytes.fromhex(text))

    @classmethod
    def create(cls, path: Path) -> AuditKey:
        """Make a new key file with mode 600 (or load the one another process just made)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use that one
            return cls.load(path)
        except OSError as exc:
            raise AuditKeyError(f"cannot create the audit key {path}: {exc}") from None
        with os.fdopen(fd, "w") as f:
            f.write(secret.hex() + "\n")
        return cls(path, secret)


@dataclass(frozen=True)
class Checkpoint:
    """A signed note of the audit log's head (sequence, hash, time), kept outside the database."""

    seq: int
    hash: str
    at: str
    key: str
    mac: str

    def line(self) -> str:
        return json.dumps(
            {"seq": self.seq, "hash": self.hash, "at": self.at, "key": self.key, "mac": self.mac},
            separators=(",", ":"),
        )

    @staticmethod
    def signed_text(seq: int, hash_: str, at: str) -> str:
        return f"heroes-audit-checkpoint\n{seq}\n{hash_}\n{at}"

    @classmethod
    def sign(cls, key: AuditKey, seq: int, hash_: str, at: str) -> Checkpoint:
        return cls(seq, hash_, at, key.id, key.mac(cls.signed_text(seq, hash_, at)))

    @classmethod
    def parse(cls, line: str) -> Checkpoint | None:
        try:
            d: Any = json.loads(line)
            made = cls(int(d["seq"]), str(d["hash"]), str(d["at"]), str(d["key"]), str(d["mac"]))
        except (ValueError, KeyError, TypeError):
            return None
        return made

    def valid(self, key: AuditKey) -> bool:
        expected = key.mac(self.signed_text(self.seq, self.hash, self.at))
        return self.key == key.id and hmac.compare_digest(expected, self.mac)


class Checkpoints:
    """The append-only file of signed chain heads, one JSON object a line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, checkpoint: Checkpoint) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (checkpoint.line() + "\n").encode())  # one short write: atomic among appenders
        finally:
            os.close(fd)

    def lines(self) -> list[str]:
        try:
            return self.path.read_text("utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return []

    def newest(self) -> Checkpoint | None:
        """The checkpoint with the highest seq among the file's last lines (appenders may land out of order)."""
        try:
            with self.path.open("rb") as f:
                start = max(0, f.seek(0, os.SEEK_END) - TAIL)
                f.seek(start)
                tail = f.read().decode("utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return None
        if start:
            tail = tail[1:]  # the first line read may be cut
        found = [c for c in map(Checkpoint.parse, tail) if c is not None]
        return max(found, key=lambda c: c.seq, default=None)
