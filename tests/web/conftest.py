"""Dashboard fixtures: a case database built through the store API (two cases, users of every role, a small
benign image for the media routes) and a logged-in TestClient factory."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from heroes.core.finding import Finding
from heroes.store import CaseStore, db
from heroes.web import accounts
from heroes.web.app import create_app

PASSWORD = "correct horse battery"
USERS = {"admin1": "admin", "inv1": "investigator", "rev1": "reviewer", "resp1": "responder", "inv2": "investigator"}
XSS = "<script>alert(1)</script>@example.com"
# warning signs in plain words (age probing, secrecy, moving to another app), as typed into the shield page
GROOMING = [
    ("them", "hey"),
    ("me", "hi"),
    ("them", "how old r u"),
    ("me", "12"),
    ("them", "dont tell ur parents we talk ok"),
    ("me", "ok"),
    ("them", "add me on snap"),
]


def _key(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()


def file_finding(path: str, mime: str = "text/plain", deleted: bool = False, mtime: float = 1.7e9) -> Finding:
    return Finding(
        "file",
        path,
        {
            "deleted": deleted,
            "size": 10,
            "sha1": _key(path),
            "mime": mime,
            "mtime": mtime,
            "extension": path.rsplit(".", 1)[-1],
        },
        analyser="hash",
    )


def build_db(root: Path) -> dict:
    evidence = root / "evidence"
    (evidence / "photos").mkdir(parents=True)
    Image.new("RGB", (64, 48), (200, 40, 40)).save(evidence / "photos" / "red.jpg", "JPEG")  # a plain red block
    (evidence / "notes.txt").write_text("hello", "utf-8")
    url = f"sqlite:///{root / 'case.sqlite'}"
    with CaseStore(url) as store:
        a = store.case("case-a")
        ev = store.evidence(a, str(evidence), "directory", {"kind": "directory"})
        store.save_items(
            ev,
            [
                (
                    _key("photos/red.jpg"),
                    "photos/red.jpg",
                    [
                        file_finding("photos/red.jpg", "image/jpeg"),
                        Finding(
                            "hash_match",
                            "photos/red.jpg",
                            {"bank": "test-bank", "signal": "md5", "distance": 0, "category": "A1"},
                            analyser="known_material",
                        ),
                        Finding(
                            "exif",
                            "photos/red.jpg",
                            {"make": "Canon", "gps_lat": 44.4, "gps_lon": 26.1},
                            analyser="exif",
                        ),
                    ],
                ),
                (
                    _key("notes.txt"),
                    "notes.txt",
                    [
                        file_finding("notes.txt", deleted=True),
                        Finding(
                            "entity", "notes.txt", {"type": "email", "value": XSS, "count": 1}, analyser="entities"
                        ),
                        Finding(
                            "entity",
                            "notes.txt",
                            {"type": "phone", "value": "+34612345678", "count": 1},
                            analyser="entities",
                        ),
                        Finding(
                            "mismatch", "notes.txt", {"extension": "txt", "mime": "image/jpeg"}, analyser="filetype"
                        ),
                    ],
                ),
                (
                    _key("../../etc/passwd"),
                    "../../etc/passwd",
                    [
                        file_finding("../../etc/passwd", "image/jpeg"),
                        Finding(
                            "hash_match",
                            "../../etc/passwd",
                            {"bank": "test-bank", "signal": "md5"},
                            analyser="known_material",
                        ),
                    ],
                ),
            ],
        )
        b = store.case("case-b")
        evb = store.evidence(b, str(evidence), "directory", {"kind": "directory"})
        store.save_items(
            evb,
            [
                (
                    _key("photos/red.jpg"),
                    "photos/red.jpg",
                    [
                        file_finding("photos/red.jpg", "image/jpeg"),
                        Finding("hash_match", "photos/red.jpg", {"bank": "test-bank", "signal": "md5"}),
                    ],
                )
            ],
        )
    engine = db.make_engine(url)
    for name, role in USERS.items():
        accounts.add_user(engine, name, role, PASSWORD)
    for name in ("admin1", "inv1", "rev1"):
        accounts.assign(engine, name, "case-a")
    accounts.assign(engine, "inv2", "case-b")
    engine.dispose()
    return {"url": url, "case_a": a, "case_b": b}


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("web-template"))


@pytest.fixture
def site(_template, tmp_path):
    """A fresh copy of the template database per test (users are hashed once: argon2 is slow by design)."""
    import shutil

    src = Path(_template["url"].removeprefix("sqlite:///"))
    shutil.copy(src, tmp_path / "case.sqlite")
    return {**_template, "url": f"sqlite:///{tmp_path / 'case.sqlite'}"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": name, "password": password, "csrf": token}, follow_redirects=False)


@pytest.fixture
def client_for(site):
    app = create_app(site["url"], secret="test-secret")
    clients: list[TestClient] = []

    def make(name: str | None = None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        if name:
            assert login(client, name).status_code == 303
        return client

    yield make
    app.state.web.store.close()
    app.state.web.engine.dispose()


@pytest.fixture
def kit():
    """The helpers as a fixture (tests cannot import conftest under --import-mode=importlib)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        login=login,
        csrf_of=csrf_of,
        PASSWORD=PASSWORD,
        XSS=XSS,
        GROOMING=GROOMING,
        build_db=build_db,
        file_finding=file_finding,
        key=_key,
    )
