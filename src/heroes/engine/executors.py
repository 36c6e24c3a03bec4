"""Runs item tasks in this process, in a local process pool, or on a Dask cluster, with the same results.

Only a bounded number of tasks is in flight at a time, so a walk of millions of items never piles up in memory.
Results come back in completion order; the case store orders findings, so the final output does not depend on it.

Pool workers die with the main process. Each holds the queues' pipes and the forkserver's "alive" pipe open, so
after a `kill -9` of the parent nothing would ever tell them (nor, through them, the forkserver and the resource
tracker) to stop. A watcher thread in every worker waits on the parent's process descriptor, removes the parent's
multiprocessing temp folder (the forkserver's socket lives there) and ends the worker; the forkserver and the
resource tracker then see their pipes close and exit on their own.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _inline(fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
    for task in tasks:
        yield task, fn(task)


def _wait_for_exit(pid: int) -> None:
    """Return when process `pid` has ended (at once if it already has)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):  # no pidfd (not Linux, or an old kernel): poll
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            except PermissionError:
                pass
            time.sleep(0.5)
    try:
        select.select([fd], [], [])
    finally:
        os.close(fd)


def _die_with(parent: int, temp_dir: str) -> None:
    _wait_for_exit(parent)
    shutil.rmtree(temp_dir, ignore_errors=True)
    os._exit(1)


def _watch_parent(parent: int, temp_dir: str) -> None:
    """Pool initializer: end this worker (and clean the parent's temp folder) as soon as the parent is gone."""
    threading.Thread(target=_die_with, args=(parent, temp_dir), daemon=True, name="heroes-parent-watch").start()


def _pool(fn: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[tuple[T, R]]:
    limit = workers * 4
    # forkserver: the parent holds threads (progress display, database), which fork would copy half-locked
    context = multiprocessing.get_context("forkserver")
    from multiprocessing.util import get_temp_dir

    watch = (os.getpid(), get_temp_dir())
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_watch_parent, initargs=watch
    ) as pool:
        pending: dict[Future[R], T] = {}
        for task in tasks:
            pending[pool.submit(fn, task)] = task
            if len(pending) >= limit:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        for future in list(pending):
            yield pending.pop(future), future.result()


DASK_BATCH = 16  # items a Dask task carries: a task costs milliseconds of scheduling, most items far less to process


def _apply(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    return [fn(task) for task in batch]


def _batches(tasks: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for task in tasks:
        batch.append(task)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _dask(fn: Callable[[T], R], tasks: Iterable[T], scheduler: str) -> Iterator[tuple[T, R]]:
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        limit = max(4, 2 * sum(client.nthreads().values()))  # batches in flight
        futures: dict[Any, list[T]] = {}
        queue = as_completed()
        for batch in _batches(tasks, DASK_BATCH):
            future = client.submit(_apply, fn, batch, pure=False)
            futures[future] = batch
            queue.add(future)
            while queue.count() >= limit:
                done = next(queue)
                yield from zip(futures.pop(done), done.result(), strict=True)
        for done in queue:
            yield from zip(futures.pop(done), done.result(), strict=True)


def run_tasks(
    fn: Callable[[T], R], tasks: Iterable[T], workers: int = 1, scheduler: str | None = None
) -> Iterator[tuple[T, R]]:
    if scheduler:
        return _dask(fn, tasks, scheduler)
    if workers > 1:
        return _pool(fn, tasks, workers)
    return _inline(fn, tasks)
