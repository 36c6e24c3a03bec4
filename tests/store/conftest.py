"""Store fixtures: ``store_url`` runs each store test against SQLite and a real PostgreSQL 15 server.

The server is started once per session on loopback in a throw-away directory (as user ``postgres`` when the
tests run as root, since PostgreSQL refuses to run as root) and every test gets a fresh database on it. Missing
PostgreSQL binaries fail the tests loudly: the PostgreSQL half of the suite must never silently vanish.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_BIN = Path(os.environ.get("HEROES_PG_BIN", "/usr/lib/postgresql/15/bin"))
_names = itertools.count()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PostgresServer:
    def __init__(self) -> None:
        if not (PG_BIN / "initdb").is_file() or not (PG_BIN / "pg_ctl").is_file():
            pytest.fail(
                f"PostgreSQL binaries not found in {PG_BIN}: install postgresql-15 (Debian: "
                "apt-get install postgresql-15) or set HEROES_PG_BIN; the store tests need a real server",
                pytrace=False,
            )
        self.root = Path(tempfile.mkdtemp(prefix="heroes-pg-"))
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.data = self.root / "data"
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        for _attempt in range(5):  # the free port may be taken between probing and binding: try another
            self.port = _free_port()
            opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
            started = subprocess.run(
                _as_server_user(
                    [
                        str(PG_BIN / "pg_ctl"),
                        "-D",
                        str(self.data),
                        "-w",
                        "-t",
                        "60",
                        "-l",
                        str(self.root / "log"),
                        "-o",
                        opts,
                        "start",
                    ]
                ),
                capture_output=True,
                text=True,
                check=False,
            )
            if started.returncode == 0:
                return
        log = (self.root / "log").read_text(errors="replace") if (self.root / "log").exists() else ""
        shutil.rmtree(self.root, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{log}", pytrace=False)

    def _run(self, cmd: list[str]) -> None:
        done = subprocess.run(_as_server_user(cmd), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(self.root, ignore_errors=True)
            pytest.fail(f"{cmd[0]} failed: {done.stdout}{done.stderr}", pytrace=False)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = f"heroes_test_{next(_names)}"
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'case.sqlite'}"
    return request.getfixturevalue("postgres_server").create_database()
