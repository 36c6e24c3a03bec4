"""Dashboard fixtures: a case database built through the store API (two cases, users of every role, a small
benign image for the media routes), a logged-in TestClient factory, and for the browser tests a server on loopback
and a Chromium page (Debian's chromium driven by playwright; screenshots go to $HEROES_SCREENSHOTS, which
`make screenshots` sets to docs/screenshots/, else to a temporary folder)."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
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


def browser_login(page, base: str, name: str) -> None:
    """Logs ``name`` in through the login form of the dashboard at ``base``, in a real browser page."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def browser_screen(page, base: str, sector: str, answer: str, country: str = "") -> None:
    """Runs the screening questionnaire for an adult in a real browser page, every question answered ``answer``,
    up to the assessment."""
    page.goto(f"{base}/screening")
    page.select_option("select[name=sector]", sector)
    page.select_option("select[name=age_group]", "adult")
    if country:
        page.select_option("select[name=country]", country)
    page.click("text=Start")
    for _ in range(60):
        if page.locator("h1", has_text="Assessment").count():
            break
        page.click(f"button[value={answer}]")


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
        shot=shot,
        login=login,
        browser_login=browser_login,
        browser_screen=browser_screen,
        csrf_of=csrf_of,
        PASSWORD=PASSWORD,
        XSS=XSS,
        GROOMING=GROOMING,
        build_db=build_db,
        file_finding=file_finding,
        key=_key,
    )


SHOTS = Path(os.environ.get("HEROES_SCREENSHOTS") or tempfile.mkdtemp(prefix="heroes-shots-"))
BROWSER_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class LiveServer:
    """An app served by uvicorn on a free loopback port, in a thread; ``stop()`` takes it off the network."""

    def __init__(self, app) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        for _ in range(100):
            if self._server.started:
                break
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)


@pytest.fixture
def live_server():
    """``live_server(app)`` starts one; every server started is stopped at the end of the test."""
    started: list[LiveServer] = []

    def start(app) -> LiveServer:
        started.append(LiveServer(app))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def dashboard(live_server):
    """``dashboard(db_url)``: the dashboard on that database, as ``heroes serve`` sets it up, served on loopback;
    returns its base URL."""
    from heroes.cli.serve import allowed_hosts
    from heroes.web.app import Settings

    def start(url: str) -> str:
        settings = Settings(allowed_hosts=allowed_hosts("127.0.0.1", []))
        return live_server(create_app(url, secret="browser", settings=settings)).url

    return start


@contextmanager
def _serving(app) -> Iterator[str]:
    server = LiveServer(app)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def serve():
    """`with serve(app) as base_url:` runs the app on loopback for the block (for module-scoped servers)."""
    return _serving


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium (never `playwright install`), one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh page (its own browser context) in the module's Chromium."""
    pg = chromium.new_page(viewport={"width": 1100, "height": 800})
    yield pg
    pg.close()


def shot(page, name: str, full_page: bool = True) -> None:
    """A screenshot of the whole page, or (``full_page=False``) of what the window shows now."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


# referrals: organisations A (sends), B (receives), C (a third one), with a user of each kind in them
REFERRAL_USERS = {
    "resp1": "A",  # responder, screens and refers
    "offA": "A",  # referral officer of the sender
    "offB": "B",  # referral officer of the receiver
    "respB": "B",  # a responder of the receiver: does not handle its inbox
    "offC": "C",
    "respC": "C",
}


@pytest.fixture(scope="session")
def _referral_template(_template, tmp_path_factory):
    import shutil

    from heroes.referrals import orgs

    root = tmp_path_factory.mktemp("web-referrals")
    shutil.copy(_template["url"].removeprefix("sqlite:///"), root / "case.sqlite")
    url = f"sqlite:///{root / 'case.sqlite'}"
    engine = db.make_engine(url)
    orgs.add(engine, "A", "labour_inspection", "ES", title="Inspección de Trabajo A")
    orgs.add(engine, "B", "shelter", "ES", title="Casa de acogida B")
    orgs.add(engine, "C", "ngo", "ES", title="ONG C")
    ids = {}
    for name, role in (("offA", "referral_officer"), ("offB", "referral_officer"), ("offC", "referral_officer")):
        ids[name] = accounts.add_user(engine, name, role, PASSWORD).id
    for name in ("respB", "respC"):
        ids[name] = accounts.add_user(engine, name, "responder", PASSWORD).id
    from sqlalchemy import select

    from heroes.web.models import User

    with engine.connect() as conn:
        ids["resp1"] = conn.scalar(select(User.id).where(User.name == "resp1"))
    for name, org in REFERRAL_USERS.items():
        orgs.join(engine, ids[name], org)
    engine.dispose()
    return {**_template, "url": url}


@pytest.fixture
def referral_site(_referral_template, tmp_path):
    """The dashboard database with organisations A, B, C and their members (REFERRAL_USERS), fresh per test."""
    import shutil

    shutil.copy(_referral_template["url"].removeprefix("sqlite:///"), tmp_path / "case.sqlite")
    return {**_referral_template, "url": f"sqlite:///{tmp_path / 'case.sqlite'}"}
