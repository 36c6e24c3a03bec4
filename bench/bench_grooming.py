"""Grooming shield figures: false alarms on real benign chat (NPS Chat Corpus, windows of 40 posts, by room age
group), recall / false alarms / alert delay on the held-out split of the labelled development set, in English and
Spanish, and the latency of GroomingMonitor.feed on one core. Run: .venv/bin/python bench/bench_grooming.py"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from heroes.grooming.model import Conversation, Message
from heroes.grooming.monitor import GroomingMonitor
from heroes.grooming.scan import scan_conversation

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HEROES_SHARED", REPO.parent / "shared"))
NPS = SHARED / "data" / "nps_chat" / "nps_chat.zip"
DEVSET = REPO / "tests" / "data" / "grooming" / "devset.jsonl"
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


def nps_figures(learned: bool = True):
    rows: dict[str, list[int]] = {}
    flagged = []
    for room, name, w, conv in nps_windows():
        result = scan_conversation(conv, learned=learned)
        rows.setdefault(room, [0, 0])
        rows[room][0] += 1
        rows[room][1] += result.alert
        if result.alert:
            flagged.append(f"{Path(name).name} window {w} ({', '.join(result.stages)})")
    return rows, flagged


def persona_figures():
    """Alerts on the Synthetic-Persona-Chat test split (benign getting-to-know-you chats; training uses valid)."""
    import csv

    path = SHARED / "data" / "synthetic_persona_chat" / "Synthetic-Persona-Chat_test.csv"
    chats = alerts = 0
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lines = [line.partition(": ") for line in (row["Best Generated Conversation"] or "").splitlines()]
            msgs = [Message(who, text) for who, _, text in lines if text]
            if msgs:
                chats += 1
                alerts += scan_conversation(Conversation(str(chats), msgs)).alert
    return chats, alerts


def devset_figures(split: str = "test", learned: bool = True):
    out: dict[str, dict] = {}
    for line in DEVSET.read_text("utf-8").splitlines():
        chat = json.loads(line)
        if chat["split"] != split:
            continue
        msgs = [Message(m["from"], m["text"], m["t"]) for m in chat["messages"]]
        result = scan_conversation(Conversation(chat["id"], msgs), learned=learned)
        row = out.setdefault(
            chat["lang"],
            {"groom": 0, "hit": 0, "delays": [], "benign": 0, "fa": 0, "suspect": 0, "fa_ids": [], "miss_ids": []},
        )
        if chat["label"] == "grooming":
            row["groom"] += 1
            if result.alert:
                row["hit"] += 1
                first = next(i for i, m in enumerate(chat["messages"]) if m.get("stage"))
                row["delays"].append(result.first_alert_index - first)
                row["suspect"] += result.suspect == "G"
            else:
                row["miss_ids"].append(chat["id"])
        else:
            row["benign"] += 1
            row["fa"] += result.alert
            if result.alert:
                row["fa_ids"].append(chat["id"])
    return out


def latency(n: int = 20000):
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
    samples = []
    for i in range(n):
        msg = Message("a" if i % 2 else "b", texts[i % len(texts)], float(i + 200))
        start = time.perf_counter()
        monitor.feed(msg)
        samples.append(time.perf_counter() - start)
    samples.sort()
    return {"p50_ms": samples[n // 2] * 1e3, "p99_ms": samples[int(n * 0.99)] * 1e3, "per_s": n / sum(samples)}


def main() -> None:
    rooms, flagged = nps_figures()
    dev = devset_figures()
    p_chats, p_alerts = persona_figures()
    lat = latency()
    print("## grooming\n")
    print(
        "Grooming shield (`heroes.grooming`): curated English/Spanish stage patterns plus a TF-IDF/logistic "
        "model run with onnxruntime, per-author decaying risk.\n"
    )
    print("Command: `.venv/bin/python bench/bench_grooming.py`\n")
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
    print("### Held-out split of the labelled development set (`tests/data/grooming`, phrasings unseen in training)\n")
    print(
        "| language | grooming chats | recall | median alert delay (messages after first sign) | suspect right | "
        "hard benign chats | false alarms |\n|---|---:|---:|---:|---:|---:|---:|"
    )
    for lang, r in sorted(dev.items()):
        delay = statistics.median(r["delays"]) if r["delays"] else float("nan")
        print(
            f"| {lang} | {r['groom']} | {r['hit'] / r['groom']:.0%} | {delay:g} | {r['suspect']}/{r['hit']} | "
            f"{r['benign']} | {r['fa'] / max(r['benign'], 1):.0%} |"
        )
    print("\nTargets: recall at least 90%, hard-benign false alarms at most 10%, median delay at most 3.\n")
    misses = [i for r in dev.values() for i in r["miss_ids"]]
    fas = [i for r in dev.values() for i in r["fa_ids"]]
    if misses or fas:
        print(f"Missed: {', '.join(misses) or 'none'}. False alarms: {', '.join(fas) or 'none'}.\n")
    print("### GroomingMonitor.feed on one core (onnxruntime 1 thread)\n")
    print("| p50 latency | p99 latency | messages/s | target |\n|---:|---:|---:|---|")
    print(f"| {lat['p50_ms']:.3f} ms | {lat['p99_ms']:.3f} ms | {lat['per_s']:,.0f} | under 2 ms a message |")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs visible.")


if __name__ == "__main__":
    main()
