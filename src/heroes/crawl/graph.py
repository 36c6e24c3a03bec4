"""The link graph of a crawl case: sites, pages and identifiers, with first and last seen, read from the case store.

Nodes: ``site`` (a host), ``page`` (a URL), ``identifier`` (type + value: wallet, PGP key, e-mail, phone,
messenger handle, onion link, and matched known material as ``hash_match``). Edges: site -hosts-> page,
page -mentions-> identifier, page -links-> page. An identifier that joins two or more sites is the lead an analyst
follows to an operator; `shared` ranks them (more sites first, then more pages, then earliest seen). The
dashboard's link graph reads `build` too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from heroes.analysers.entities import ENTITY
from heroes.analysers.known_material import HASH_MATCH
from heroes.crawl.kinds import PAGE
from heroes.crawl.urls import host_of

#: identifier types that do not join sites: every page has URLs
NOT_JOINING = frozenset({"url"})


@dataclass
class Node:
    """A node of the link graph (site, page or identifier) with when and on which pages and sites it was seen."""

    id: str
    type: str
    label: str
    first_seen: str = ""
    last_seen: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)

    def seen(self, when: str) -> None:
        if when:
            self.first_seen = min(self.first_seen or when, when)
            self.last_seen = max(self.last_seen or when, when)


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: set[tuple[str, str, str]] = field(default_factory=set)  # (source, target, relation)

    def node(self, id_: str, type_: str, label: str) -> Node:
        if id_ not in self.nodes:
            self.nodes[id_] = Node(id_, type_, label)
        return self.nodes[id_]


def build(records: Iterable[dict[str, Any]]) -> Graph:
    """The graph of a case's crawl findings (``store.records(case_id)``; other findings are ignored)."""
    g = Graph()
    crawled: dict[str, str] = {}
    mentions: list[tuple[str, str, str, dict[str, Any]]] = []
    links: list[tuple[str, str]] = []
    for rec in records:
        kind = rec.get("kind")
        if kind == PAGE.name:
            url, site = rec["url"], rec.get("site") or host_of(rec["url"])
            crawled[url] = rec.get("crawled", "")
            page = g.node(f"page:{url}", "page", url)
            page.attrs.update(status=rec.get("status"), site=site)
            page.seen(crawled[url])
            g.node(f"site:{site}", "site", site).seen(crawled[url])
            g.edges.add((f"site:{site}", page.id, "hosts"))
            links += [(url, link) for link in rec.get("links") or ()]
        elif _is_entity(rec) and rec.get("type") not in NOT_JOINING:
            mentions.append((rec["path"], rec["type"], rec["value"], {"confidence": rec.get("confidence")}))
        elif kind == HASH_MATCH.name and rec.get("page"):
            mentions.append(
                (
                    rec["page"],
                    HASH_MATCH.name,
                    f"{rec.get('signal')}:{rec.get('value')}",
                    {"bank": rec.get("bank"), "category": rec.get("category"), "url": rec.get("url")},
                )
            )
    for url, type_, value, attrs in mentions:
        if url not in crawled:
            continue
        ident = g.node(f"id:{type_}:{value}", "identifier", value)
        ident.attrs.setdefault("type", type_)
        ident.attrs.update({k: v for k, v in attrs.items() if v is not None and k not in ident.attrs})
        ident.seen(crawled[url])
        ident.pages.add(url)
        ident.sites.add(host_of(url))
        g.edges.add((f"page:{url}", ident.id, "mentions"))
    for src, dst in links:
        if dst in crawled:
            g.edges.add((f"page:{src}", f"page:{dst}", "links"))
    return g


def _is_entity(rec: dict[str, Any]) -> bool:
    return rec.get("kind") == ENTITY.name


def shared(g: Graph, min_sites: int = 2) -> list[dict[str, Any]]:
    """Identifiers seen on `min_sites` or more sites, ranked: most sites, most pages, earliest first seen."""
    rows = [
        {
            "type": n.attrs["type"],
            "value": n.label,
            "sites": sorted(n.sites),
            "pages": len(n.pages),
            "first_seen": n.first_seen,
            "last_seen": n.last_seen,
        }
        for n in g.nodes.values()
        if n.type == "identifier" and len(n.sites) >= min_sites
    ]
    rows.sort(key=lambda r: (-len(r["sites"]), -r["pages"], r["first_seen"], r["type"], r["value"]))
    return rows


def _node_dict(n: Node) -> dict[str, Any]:
    out = {
        "id": n.id,
        "type": n.type,
        "label": n.label,
        "first_seen": n.first_seen,
        "last_seen": n.last_seen,
        **n.attrs,
    }
    if n.type == "identifier":
        out["sites"] = sorted(n.sites)
    return out


def to_json(g: Graph) -> str:
    nodes = [_node_dict(n) for n in sorted(g.nodes.values(), key=lambda n: n.id)]
    edges = [{"source": s, "target": t, "relation": r} for s, t, r in sorted(g.edges)]
    return json.dumps({"nodes": nodes, "edges": edges}, indent=1, sort_keys=True)


_KEYS = ("type", "label", "first_seen", "last_seen", "status", "site", "sites", "confidence", "bank", "category")


def to_graphml(g: Graph) -> str:
    """GraphML (Gephi, yEd, networkx, Neo4j import); list values are written as JSON text."""
    head = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    head += [f'<key id="{k}" for="node" attr.name="{k}" attr.type="string"/>' for k in _KEYS]
    head += [
        '<key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
        '<graph id="crawl" edgedefault="directed">',
    ]
    body = []
    for n in sorted(g.nodes.values(), key=lambda n: n.id):
        d = _node_dict(n)
        data = "".join(f'<data key="{k}">{escape(_text(d[k]))}</data>' for k in _KEYS if d.get(k) not in (None, ""))
        body.append(f"<node id={quoteattr(n.id)}>{data}</node>")
    for i, (s, t, r) in enumerate(sorted(g.edges)):
        body.append(
            f'<edge id="e{i}" source={quoteattr(s)} target={quoteattr(t)}><data key="relation">{r}</data></edge>'
        )
    return "\n".join([*head, *body, "</graph>", "</graphml>", ""])


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, list | dict) else str(value)
