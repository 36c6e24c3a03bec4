"""Runs item tasks in this process, in a local process pool, or on a Dask cluster, with the same results.

Only a bounded number of tasks is in flight at a time, so a walk of millions of items never piles up in memory.
Results come back in completion order; the case store orders findings, so the final output does not depend on it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _inline(fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
    for task in tasks:
        yield task, fn(task)


def _pool(fn: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[tuple[T, R]]:
    limit = workers * 4
    # forkserver: the parent holds threads (progress display, database), which fork would copy half-locked
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: dict[Future[R], T] = {}
        for task in tasks:
            pending[pool.submit(fn, task)] = task
            if len(pending) >= limit:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        for future in list(pending):
            yield pending.pop(future), future.result()


def _dask(fn: Callable[[T], R], tasks: Iterable[T], scheduler: str) -> Iterator[tuple[T, R]]:
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        limit = max(8, 4 * sum(client.nthreads().values()))
        futures: dict[Any, T] = {}
        queue = as_completed()
        for task in tasks:
            future = client.submit(fn, task, pure=False)
            futures[future] = task
            queue.add(future)
            while queue.count() >= limit:
                done = next(queue)
                yield futures.pop(done), done.result()
        for done in queue:
            yield futures.pop(done), done.result()


def run_tasks(
    fn: Callable[[T], R], tasks: Iterable[T], workers: int = 1, scheduler: str | None = None
) -> Iterator[tuple[T, R]]:
    if scheduler:
        return _dask(fn, tasks, scheduler)
    if workers > 1:
        return _pool(fn, tasks, workers)
    return _inline(fn, tasks)
