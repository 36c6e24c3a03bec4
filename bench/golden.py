"""Golden findings: what `heroes demo` and a triage of every shared disk image report, in a form that compares
across runs and machines. A refactor or a speed-up must leave them identical.

    python bench/golden.py record docs/golden      # before the change
    python bench/golden.py compare docs/golden     # after it: exit 1 and a diff summary when anything moved

Each source gives one file of sorted JSON lines. Run-specific values are removed: the temporary folder and the
shared-data folder become placeholders, and the inode change time of files the demo generates (set by the file
system when the demo writes them) is dropped. Everything else, hashes and timestamps from the evidence included,
must match exactly.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HEROES_SHARED", REPO.parent / "shared")) / "data"
IMAGE_DIRS = ("disk-images", "disk-images-more")
IMAGE_SUFFIXES = (".raw", ".dd", ".E01", ".zip")
HEROES = str(Path(sys.executable).parent / "heroes")


def _images() -> list[Path]:
    found = []
    for folder in IMAGE_DIRS:
        found += sorted(p for p in (SHARED / folder).iterdir() if p.suffix in IMAGE_SUFFIXES)
    return found


def _normalise(value: Any, tmp: str) -> Any:
    if isinstance(value, str):
        return value.replace(tmp, "<TMP>").replace(str(SHARED), "<SHARED>")
    if isinstance(value, list):
        return [_normalise(v, tmp) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v, tmp) for k, v in value.items()}
    return value


def _findings(jsonl: Path, tmp: str, generated: bool) -> list[str]:
    lines = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if generated:
            record.pop("ctime", None)  # when the demo wrote the file: different every run
        lines.append(json.dumps(_normalise(record, tmp), sort_keys=True, ensure_ascii=False))
    return sorted(lines)


def _triage(source: Path, out: Path) -> Path:
    argv = [HEROES, "triage", str(source), "--out", str(out), "--workers", "1"]
    subprocess.run(argv, check=True, capture_output=True)
    return out / "findings.jsonl"


def collect() -> dict[str, list[str]]:
    """Source name -> sorted, normalised finding lines."""
    results: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="heroes-golden-") as tmp:
        root = Path(tmp)
        subprocess.run([HEROES, "demo", "--out", str(root / "demo")], check=True, capture_output=True)
        results["demo"] = _findings(root / "demo" / "case" / "findings.jsonl", tmp, generated=True)
        for image in _images():
            source = image
            if image.suffix == ".zip":  # the DFTT images come zipped: triage the image inside, as an examiner would
                with zipfile.ZipFile(image) as z:
                    inner = next(n for n in z.namelist() if n.endswith((".dd", ".img", ".raw")))
                    source = Path(z.extract(inner, root / "unzipped" / image.stem))
            name = f"{image.parent.name}--{image.name}"
            print(f"triage {name}", file=sys.stderr)
            results[name] = _findings(_triage(source, root / "out" / name), tmp, generated=False)
    return results


def record(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in collect().items():
        (folder / f"{name}.jsonl").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"recorded {folder}", file=sys.stderr)


def compare(folder: Path) -> int:
    moved = 0
    fresh = collect()
    for name in sorted(set(fresh) | {p.stem for p in folder.glob("*.jsonl")}):
        path = folder / f"{name}.jsonl"
        old = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        new = fresh.get(name, [])
        if old != new:
            moved += 1
            diff = list(difflib.unified_diff(old, new, f"golden/{name}", f"now/{name}", n=0, lineterm=""))
            print(f"{name}: {len(old)} -> {len(new)} findings, {len(diff) - 2} changed lines", file=sys.stderr)
            for line in diff[2:12]:
                print(f"  {line[:300]}", file=sys.stderr)
    print(f"{len(fresh)} sources, {moved} differ", file=sys.stderr)
    return 1 if moved else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "record":
        record(args.folder)
    else:
        sys.exit(compare(args.folder))


if __name__ == "__main__":
    main()
