"""A crawl of the fixture dark web through the fake Tor proxy: pages, errors, bank matches, watch alerts, the graph,
onion names sent unresolved, one isolation username per site, and no image bytes written anywhere."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer import Typer
from typer.testing import CliRunner

from heroes.cli.graph import graph


@pytest.fixture(scope="module")
def result(web, tor, bank, tmp_path_factory, names):
    tmp_path = tmp_path_factory.mktemp("crawl")
    watch = tmp_path / "watch.txt"
    watch.write_text(f"# wallets\n{names.BTC}\n")
    res = names.run(
        tmp_path,
        [f"http://{names.A}/"],
        "--proxy",
        f"socks5h://127.0.0.1:{tor.port}",
        "--bank-db",
        bank,
        "--max-bytes",
        "100000",
        "--watch",
        str(watch),
    )
    res["tmp"] = tmp_path
    return res


def _by(recs, kind):
    return [r for r in recs if r["kind"] == kind]


def test_pages_errors_and_matches(result, web, tor, names):
    recs = result["records"]
    a, b, c = (f"http://{h}" for h in (names.A, names.B, names.C))
    pages = {r["url"]: r for r in _by(recs, "page")}
    assert set(pages) == {
        f"{a}/",
        f"{a}/about",
        f"{a}/broken",
        f"{a}/data.json",
        f"{b}/",
        f"{b}/thread/1",
        f"{c}/",
        f"http://{names.CLEAR}/",
    }
    assert pages[f"{a}/broken"]["status"] == 500 and pages[f"{a}/"]["status"] == 200
    assert pages[f"{a}/data.json"]["parsed"] is False and "sha1" not in pages[f"{a}/data.json"]  # only HTML kept
    assert pages[f"{a}/"]["headers"]["Content-Type"].startswith("text/html") and pages[f"{a}/"]["crawled"]
    assert pages[f"{a}/"]["mime"] == "text/html" and len(pages[f"{a}/"]["sha256"]) == 64
    errors = {r["url"]: r["reason"] for r in _by(recs, "error")}
    assert "invalid onion" in errors[f"http://{names.BAD}/"]
    assert "max size" in errors[f"{a}/huge"]
    assert "longer than" in errors[f"{a}/slow"]
    assert sum(1 for h, p in web.hits if p == "/loop") == 1  # a redirect loop ends at once ...
    assert errors[f"{a}/loop"] == f"redirect loop: {a}/loop -> {a}/loop"  # ... and is recorded, not dropped
    matches = {(r["url"].rsplit("/", 1)[-1], r["signal"]) for r in _by(recs, "hash_match")}
    assert matches == {("exact.png", "md5"), ("similar.jpg", "pdq")}
    media = {r["url"].rsplit("/", 1)[-1]: r for r in _by(recs, "media")}
    assert media["other.png"]["matched"] is False and len(media["other.png"]["pdq"]) == 64
    watched = {(r["url"], r["value"]) for r in _by(recs, "watch")}
    assert watched == {(f"{a}/", names.BTC), (f"{b}/", names.BTC)}


def test_onions_only_through_the_proxy_one_circuit_per_site(result, web, tor, names):
    assert tor.connects, "nothing went through the proxy"
    assert {atyp for atyp, *_ in tor.connects} == {3}  # every CONNECT carried a host name, none an address
    assert not [h for h in result["resolved"] if str(h).endswith(".onion")]
    assert result["resolved"] == []  # with a proxy nothing at all is resolved locally
    users: dict[str, set[str]] = {}
    for _, host, _, user in tor.connects:
        users.setdefault(host, set()).add(user)
    assert all(len(u) == 1 for u in users.values())  # one circuit per site...
    assert len({next(iter(u)) for u in users.values()}) == len(users) == 4  # ... and a different one per site
    assert names.BAD not in users  # refused before anything was sent
    assert not [h for h in web.headers if "Proxy-Authorization" in h]


def test_no_image_bytes_written_anywhere(result, names):
    needles = [img[len(img) // 3 : len(img) // 3 + 64] for img in names.IMAGES.values()]
    places = [Path(p) for p in result["written"]] + [p for p in result["tmp"].rglob("*") if p.is_file()]
    assert any(p.name == "pages.bin" for p in places) and any(p.suffix == ".sqlite" for p in places)
    for path in places:
        if path.is_file() and path.name not in ("banks.sqlite",) and str(path) != os.devnull:
            data = path.read_bytes()
            assert not any(n in data for n in needles), path
    assert not [p for p in result["written"] if p.endswith((".png", ".jpg"))]


def test_graph_shared_identifiers(result, names):
    app = Typer()
    app.command()(graph)
    db = f"sqlite:///{result['out'] / 'case.sqlite'}"
    run = CliRunner().invoke(app, ["case", "--db", db, "--shared", "--json"])
    assert run.exit_code == 0, run.output
    rows = [json.loads(line) for line in run.output.splitlines()]
    joined = {(r["type"], r["value"]): r["sites"] for r in rows}
    assert joined[("bitcoin", names.BTC)] == sorted([names.A, names.B])
    assert joined[("email", names.EMAIL)] == sorted([names.A, names.B])
    tg = next(k for k in joined if k[0] == "telegram")
    assert joined[tg] == sorted([names.B, names.C])
    assert all(r["first_seen"] <= r["last_seen"] for r in rows)
    assert set(rows[0]) == {"type", "value", "sites", "first_seen", "last_seen"}
    run = CliRunner().invoke(app, ["case", "--db", db, "--export", "json"])
    data = json.loads(run.output)
    sites = {n["label"] for n in data["nodes"] if n["type"] == "site"}
    assert sites == {names.A, names.B, names.C, names.CLEAR}
    assert {e["relation"] for e in data["edges"]} == {"hosts", "mentions", "links"}
    run = CliRunner().invoke(app, ["case", "--db", db, "--export", "graphml"])
    from xml.etree import ElementTree

    root = ElementTree.fromstring(run.output)
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")) == len(data["nodes"])
