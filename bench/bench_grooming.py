"""Grooming shield figures: recall / false alarms / alert delay on the hand-written held-out chats of the issue-17
kinds (tests/data/grooming/heldout2.yaml, never tuned on), false alarms on real benign chat (NPS Chat Corpus,
windows of 40 posts, by room age group; Synthetic-Persona-Chat test split), the same figures on the chats the
detector was tuned on (heldout1.yaml, held out until its first measurement; kinds.yaml; the generated
development set's held-out split), and the latency of GroomingMonitor.feed on one core against the learned model
alone. Run: .venv/bin/python bench/bench_grooming.py"""

from __future__ import annotations

import csv
import os
import statistics
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import summary

from heroes.grooming.corpus import conversation, first_sign, load_chats
from heroes.grooming.learned import load
from heroes.grooming.model import Conversation, Message
from heroes.grooming.monitor import GroomingMonitor
from heroes.grooming.normalise import normalise
from heroes.grooming.scan import scan_conversation

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HEROES_SHARED", REPO.parent / "shared"))
NPS = SHARED / "data" / "nps_chat" / "nps_chat.zip"
PERSONA = SHARED / "data" / "synthetic_persona_chat" / "Synthetic-Persona-Chat_test.csv"
DATA = REPO / "tests" / "data" / "grooming"
WINDOW = 40


def nps_windows():
    """(room, file, window index, conversation) for every full window of 40 consecutive non-System posts."""
    with zipfile.ZipFile(NPS) as z:
        for name in sorted(n for n in z.namelist() if n.endswith(".xml")):
            root = ET.fromstring(z.read(name))
            posts = [
                Message(p.get("user") or "?", (p.text or "").strip())
                for p in root.iter("Post")
                if p.get("class") != "System"
            ]
            room = name.split("-")[2].split("_")[0]
            for w in range(len(posts) // WINDOW):
                yield room, name, w, Conversation(f"{name}#{w}", posts[w * WINDOW : (w + 1) * WINDOW])


def nps_figures():
    rows: dict[str, list[int]] = {}
    flagged = []
    for room, name, w, conv in nps_windows():
        result = scan_conversation(conv)
        rows.setdefault(room, [0, 0])
        rows[room][0] += 1
        rows[room][1] += result.alert
        if result.alert:
            flagged.append(f"{Path(name).name} window {w} ({', '.join(result.stages)})")
    return rows, flagged


def persona_figures():
    """Alerts on the Synthetic-Persona-Chat test split (benign getting-to-know-you chats; training uses valid)."""
    chats = alerts = 0
    with open(PERSONA, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lines = [line.partition(": ") for line in (row["Best Generated Conversation"] or "").splitlines()]
            msgs = [Message(who, text) for who, _, text in lines if text]
            if msgs:
                chats += 1
                alerts += scan_conversation(Conversation(str(chats), msgs)).alert
    return chats, alerts


def labelled_figures(chats: list[dict], key: str) -> dict[str, dict]:
    """Per group (`key`: kind or lang): grooming chats caught, delay, suspect, benign chats alerted; ids of misses."""
    out: dict[str, dict] = {}
    for chat in chats:
        result = scan_conversation(conversation(chat))
        row = out.setdefault(
            chat[key], {"groom": 0, "hit": 0, "delays": [], "suspect": 0, "benign": 0, "fa": 0, "miss": [], "fas": []}
        )
        if chat["label"] == "grooming":
            row["groom"] += 1
            if result.alert:
                row["hit"] += 1
                row["delays"].append(result.first_alert_index - (first_sign(chat) or 0))
                row["suspect"] += result.suspect == "G"
            else:
                row["miss"].append(chat["id"])
        else:
            row["benign"] += 1
            row["fa"] += result.alert
            if result.alert:
                row["fas"].append(chat["id"])
    return out


def total(rows: dict[str, dict]) -> dict:
    out = {"groom": 0, "hit": 0, "delays": [], "suspect": 0, "benign": 0, "fa": 0, "miss": [], "fas": []}
    for row in rows.values():
        for k, v in row.items():
            out[k] = out[k] + v
    return out


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.0%})" if d else "-"


def print_table(rows: dict[str, dict], label: str) -> None:
    print(
        f"| {label} | grooming caught | median delay (messages after the first sign) | suspect right | "
        "benign chats alerted |\n|---|---:|---:|---:|---:|"
    )
    for name, r in [*sorted(rows.items()), ("**all**", total(rows))]:
        delay = f"{statistics.median(r['delays']):g}" if r["delays"] else "-"
        suspect = f"{r['suspect']}/{r['hit']}" if r["hit"] else "-"
        print(f"| {name} | {_pct(r['hit'], r['groom'])} | {delay} | {suspect} | {_pct(r['fa'], r['benign'])} |")
    t = total(rows)
    print(f"\nMissed: {', '.join(t['miss']) or 'none'}. False alarms: {', '.join(t['fas']) or 'none'}.\n")


def latency(n: int = 20000):
    """GroomingMonitor.feed per message, against the anchor: the learned model alone on the same texts."""
    texts = [
        "hey how was school",
        "lol same",
        "r ur parents home rn?",
        "what games do u play",
        "send me a pic of u",
        "cuantos años tienes?",
        "jaja que guay",
        "ok",
    ]
    monitor = GroomingMonitor()
    for i in range(200):
        monitor.feed(Message("a" if i % 2 else "b", texts[i % len(texts)], float(i)))
    feed = []
    for i in range(n):
        msg = Message("a" if i % 2 else "b", texts[i % len(texts)], float(i + 200))
        start = time.perf_counter()
        monitor.feed(msg)
        feed.append(time.perf_counter() - start)
    model, norms = load(), [normalise(t) for t in texts]
    anchor = []
    for i in range(n):
        start = time.perf_counter()
        model.predict(norms[i % len(norms)])
        anchor.append(time.perf_counter() - start)
    feed.sort()
    anchor.sort()
    return {
        "p50_ms": feed[n // 2] * 1e3,
        "p99_ms": feed[int(n * 0.99)] * 1e3,
        "per_s": n / sum(feed),
        "anchor_p50_ms": anchor[n // 2] * 1e3,
    }


def main() -> None:
    heldout = load_chats(DATA / "heldout2.yaml")
    first = load_chats(DATA / "heldout1.yaml")
    kinds = load_chats(DATA / "kinds.yaml")
    devset = [c for c in load_chats(DATA / "devset.jsonl") if c["split"] == "test"]
    rooms, flagged = nps_figures()
    p_chats, p_alerts = persona_figures()
    lat = latency()
    print("## grooming\n")
    print(
        "Grooming shield (`heroes.grooming`): curated English/Spanish stage patterns and context rules plus a "
        "TF-IDF/logistic model run with onnxruntime, per-author risk that fades with messages (and after a silence "
        "of over a week). The shield page runs the same detector in the browser (tested equal to 1e-4).\n"
    )
    print(f"Command: `.venv/bin/python bench/bench_grooming.py`, {datetime.now(UTC):%Y-%m-%d}; {summary()}.\n")
    print("### Held-out chats of the issue-17 kinds (`tests/data/grooming/heldout2.yaml`, never tuned on)\n")
    print(
        "Written by hand before the last round of changes to the detector and read only by this benchmark. The "
        "same team wrote them and the development chats, so they share its ideas of how such chats go: a check "
        "of generalisation, not a field sample.\n"
    )
    print_table(labelled_figures(heldout, "kind"), "kind")
    print_table(labelled_figures(heldout, "lang"), "language")
    print("Targets (issue 17): at least 90% caught, at most 10% false alarms, on chats never tuned on.\n")
    print("### False alarms on real benign chat (NPS Chat Corpus, windows of 40 non-System posts)\n")
    print("| room age group | windows | alerts | false-alarm rate |\n|---|---:|---:|---:|")
    tw = ta = 0
    for room, (windows, alerts) in sorted(rooms.items()):
        tw, ta = tw + windows, ta + alerts
        print(f"| {room} | {windows} | {alerts} | {alerts / windows:.1%} |")
    print(f"| **all** | {tw} | {ta} | {ta / tw:.1%} (target at most 2%) |\n")
    if flagged:
        print("Flagged windows (file, window, stages): " + "; ".join(flagged) + "\n")
    print(
        f"Synthetic-Persona-Chat test split (benign, unseen in training): {p_alerts} alerts in {p_chats} chats "
        f"({p_alerts / p_chats:.1%}).\n"
    )
    print("### Chats the detector was tuned on, for contrast with the held-out figures\n")
    print(
        "`heldout1.yaml`: the first held-out set, measured once untouched (see the notes below), then used to "
        "change the detector.\n"
    )
    print_table(labelled_figures(first, "kind"), "kind")
    print("`kinds.yaml`: the development chats of the issue-17 kinds.\n")
    print_table(labelled_figures(kinds, "kind"), "kind")
    print("### Held-out split of the generated development set (`devset.jsonl`, phrasings unseen in training)\n")
    print_table(labelled_figures(devset, "lang"), "language")
    print("### GroomingMonitor.feed on one core (onnxruntime 1 thread)\n")
    print("| p50 latency | p99 latency | messages/s | anchor: model alone, p50 | feed / anchor | target |")
    print("|---:|---:|---:|---:|---:|---|")
    print(
        f"| {lat['p50_ms']:.3f} ms | {lat['p99_ms']:.3f} ms | {lat['per_s']:,.0f} | {lat['anchor_p50_ms']:.3f} ms "
        f"| {lat['p50_ms'] / lat['anchor_p50_ms']:.1f}x | under 2 ms a message |"
    )
    print(f"\nPython {sys.version.split()[0]}.")


if __name__ == "__main__":
    main()
