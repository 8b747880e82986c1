"""Many threads at once against the real database, each with its own connection.

These tests commit (transactional_db) so threads see each other's rows. On SQLite they run on
a file (tests/conftest.py), in WAL mode with IMMEDIATE transactions, as the app does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def run_together[T](jobs: list[Callable[[], T]]) -> list[T | BaseException]:
    """Starts every job in its own thread at the same moment; returns each result or error."""
    start = threading.Barrier(len(jobs))
    results: list[T | BaseException] = [RuntimeError("did not run")] * len(jobs)

    def work(index: int, job: Callable[[], T]) -> None:
        try:
            start.wait()
            results[index] = job()
        except BaseException as error:  # noqa: BLE001 - reported to the test, not lost
            results[index] = error
        finally:
            # Each thread opened its own connection; PostgreSQL cannot drop the test
            # database while one is left open.
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
