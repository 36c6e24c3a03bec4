"""Our hash pass over a whole tree, the way triage runs it: `heroes.engine.hashpass.hash_item` on every file,
in a process pool of os.cpu_count() workers. Prints one JSON line: files, bytes, seconds.

    python bench/hash_tree.py TREE [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor

from heroes.core.item import Item
from heroes.engine.hashpass import hash_item


def tree_items(root: str) -> list[Item]:
    items = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            items.append(Item(os.path.relpath(path, root), ({"t": "os", "path": path},), os.path.getsize(path)))
    return items


def _hash(item: Item) -> int:
    return hash_item(item).size


def hash_tree(root: str, workers: int) -> dict[str, float]:
    started = time.perf_counter()
    items = tree_items(root)
    with ProcessPoolExecutor(workers) as pool:
        total = sum(pool.map(_hash, items, chunksize=16))
    return {"files": len(items), "bytes": total, "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(json.dumps(hash_tree(os.path.abspath(args.tree), args.workers)))


if __name__ == "__main__":
    main()
