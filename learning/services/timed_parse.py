"""`source_parse` in a child process that is killed when it runs over its time budget.

Generation is CPU-bound pure Python: a thread cannot be stopped and a signal in the worker
would leave its state unknown, but a separate process can be killed cleanly. The child only
parses; every database write stays in the worker that called this.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

from learning.ingestion import IngestionError
from learning.services.imports import ParsedSource
from learning.services.parse_child import parse_in_child

# A fresh interpreter, never a fork of a worker holding database connections and threads.
_CONTEXT = multiprocessing.get_context("spawn")
# Time to start the child's interpreter and Django; not counted against the article.
STARTUP_SECONDS = 10.0


def source_parse_timed(*, data: bytes, filename: str, seconds: float) -> ParsedSource:
    """What `source_parse` returns, or IngestionError if it fails or takes over `seconds`."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=parse_in_child, args=(sender, data, filename), daemon=True)
    child.start()
    sender.close()
    try:
        outcome = _wait_for(receiver, seconds=seconds)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome is None:
        raise IngestionError(
            f"the article took longer than {seconds:g} s to process; "
            "split it into shorter articles and upload them one by one"
        )
    kind, value = outcome
    if kind == "error":
        raise IngestionError(value)
    return value


def _wait_for(receiver: Connection, *, seconds: float) -> tuple[str, object] | None:
    # The child says "started" once Django is ready, so a slow start on a busy machine does
    # not eat into the article's budget.
    if not receiver.poll(STARTUP_SECONDS + seconds):
        return None
    try:
        first = receiver.recv()
        if first != ("started", None):
            return first
        if not receiver.poll(seconds):
            return None
        return receiver.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        return ("error", "the article could not be processed: the generator stopped")
