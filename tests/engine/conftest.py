"""Engine fixtures: a Dask cluster of separate processes (``dask scheduler`` and ``dask worker`` on loopback), as a
lab runs one; bench/bench_cluster.py loads `dask_processes` from here too."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import distributed
import pytest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dask_processes(folder: Path, workers: int) -> Iterator[str]:
    """A scheduler and ``workers`` single-threaded workers, each its own process; yields the scheduler address once
    every worker has joined, and ends them all after."""
    port = str(_free_port())
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], **quiet)
    ]
    try:
        for n in range(workers):
            cmd = [BIN / "dask", "worker", address, "--nthreads", "1", "--memory-limit", "1GiB", "--name", f"w{n}"]
            procs.append(
                subprocess.Popen([*cmd, "--no-dashboard", "--local-directory", str(folder / f"w{n}")], **quiet)
            )
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
            assert len(client.scheduler_info()["workers"]) == workers
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


@pytest.fixture
def dask_cluster() -> Callable[[Path, int], AbstractContextManager[str]]:
    """`dask_processes`: ``with dask_cluster(tmp_path, 2) as address: ...``."""
    return dask_processes
