"""Generate the deterministic ~1 GB benchmark tree: many small text/JSON/HTML files, medium JPEGs, a few large
random binaries and some zip archives. Same arguments -> same bytes.

    python bench/make_tree.py [TREE] [--scale 1.0]

A marker file next to the tree (TREE.complete) records the parameters; when it matches, nothing is rebuilt.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from PIL import Image

from heroes.demo.photos import PLACES, PhotoSpec, draw_picture, make_exif

VERSION = 1
SEED = 20240501
SMALL_FILES = 12_000  # 1-16 KiB each, ~100 MB
JPEGS = 1_500  # ~170 KiB each, ~260 MB
LARGE = (200, 150, 100, 100, 50)  # MiB of random bytes each
ZIPS = 40  # each ~25 members (text + a few JPEGs), ~1 MB
ZIP_DATE = (2024, 1, 2, 3, 4, 6)
WORDS = (
    *("hotel", "staff", "travel", "salary", "contract", "passport", "apartment", "shift", "agency", "visa"),
    *("ticket", "meeting", "office", "payment", "transfer", "bus", "station", "airport", "hostel", "manager"),
    *("driver", "schedule", "invoice", "receipt", "document", "photo", "message"),
)
IDENTIFIERS = (
    "+34 612 345 678",
    "+40 721 234 567",
    "recruit.sunjobs@example.com",
    "DE89370400440532013000",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "https://t.me/sunjobs_europe",
    "https://wa.me/34612345678",
)


def _text(rng: random.Random, size: int) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(IDENTIFIERS) if rng.random() < 0.01 else rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


def small_file(rng: random.Random, index: int) -> tuple[str, bytes]:
    size = rng.randint(1024, 16 * 1024)
    kind = index % 3
    folder = f"docs/d{index // 500:03d}"
    if kind == 0:
        return f"{folder}/note{index:05d}.txt", _text(rng, size).encode()
    if kind == 1:
        record = {"id": index, "title": _text(rng, 40), "body": _text(rng, size - 200), "tags": rng.sample(WORDS, 3)}
        return f"{folder}/record{index:05d}.json", json.dumps(record, indent=1).encode()
    body = "".join(f"<p>{_text(rng, 200)}</p>\n" for _ in range(max(1, size // 210)))
    html = f"<!DOCTYPE html>\n<html><head><title>page {index}</title></head><body>\n{body}</body></html>\n"
    return f"{folder}/page{index:05d}.html", html.encode()


def jpeg(rng: random.Random, index: int, size: tuple[int, int] = (800, 600)) -> bytes:
    """A drawn picture with grain, so it compresses like a photo; every fourth one carries camera EXIF + GPS."""
    picture = draw_picture(rng, size)
    grain = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    picture = Image.blend(picture, grain, 0.25)
    out = io.BytesIO()
    if index % 4 == 0:
        place = list(PLACES.values())[index % len(PLACES)]
        spec = PhotoSpec("", "Canon", "Canon EOS 2000D", datetime(2024, 1 + index % 12, 1 + index % 28, 12), place)
        picture.save(out, "JPEG", quality=85, exif=make_exif(spec))
    else:
        picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def write_large(path: Path, mib: int, rng: random.Random) -> None:
    with open(path, "wb") as handle:
        for _ in range(mib):
            handle.write(rng.randbytes(1 << 20))


def zip_archive(rng: random.Random, index: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in range(25):
            if member % 8 == 0:
                name, data = f"photos/p{member:02d}.jpg", jpeg(rng, member, (400, 300))
            else:
                name, data = f"notes/n{member:02d}.txt", _text(rng, rng.randint(1024, 8192)).encode()
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def build(tree: Path, scale: float = 1.0) -> dict[str, int]:
    counts = {
        "small": max(1, int(SMALL_FILES * scale)),
        "jpegs": max(1, int(JPEGS * scale)),
        "zips": max(1, int(ZIPS * scale)),
    }
    large = [max(1, int(m * scale)) for m in LARGE]
    params = json.dumps({"version": VERSION, "seed": SEED, "counts": counts, "large_mib": large}, sort_keys=True)
    marker = tree.with_name(tree.name + ".complete")
    if marker.is_file() and marker.read_text() == params and tree.is_dir():
        print(f"{tree}: complete ({marker}), not rebuilt", file=sys.stderr)
        return counts
    marker.unlink(missing_ok=True)
    if tree.exists():
        shutil.rmtree(tree)
    rng = random.Random(SEED)
    for i in range(counts["small"]):
        relative, data = small_file(rng, i)
        (tree / relative).parent.mkdir(parents=True, exist_ok=True)
        (tree / relative).write_bytes(data)
    for i in range(counts["jpegs"]):
        path = tree / f"photos/album{i // 200:02d}/IMG_{i:05d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jpeg(rng, i))
    (tree / "archives").mkdir(parents=True, exist_ok=True)
    for i in range(counts["zips"]):
        (tree / f"archives/batch{i:03d}.zip").write_bytes(zip_archive(rng, i))
    (tree / "large").mkdir(parents=True, exist_ok=True)
    for i, mib in enumerate(large):
        write_large(tree / f"large/blob{i}.bin", mib, rng)
    marker.write_text(params)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", nargs="?", default="bench-data/tree", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count and size (e.g. 0.05)")
    args = parser.parse_args()
    build(args.tree, args.scale)
    files = [p for p in args.tree.rglob("*") if p.is_file()]
    print(f"{args.tree}: {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
