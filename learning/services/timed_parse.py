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
# The child's CPU priority (0 to 19, higher is lower): the pages come first. The budget is
# wall-clock time, so on a server saturated with requests an import gets less done in it.
NICENESS = 19


def source_parse_timed(*, data: bytes, filename: str, seconds: float) -> ParsedSource:
    """What `source_parse` returns, or IngestionError if it fails or takes over `seconds`."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(
        target=parse_in_child, args=(sender, data, filename, NICENESS), daemon=True
    )
    child.start()
    sender.close()
    try:
        kind, value = _wait_for(receiver, seconds=seconds)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "late":
        raise IngestionError(
            f"the article took longer than {seconds:g} s to process; "
            "split it into shorter articles and upload them one by one"
        )
    if kind == "error":
        raise IngestionError(str(value))
    assert isinstance(value, ParsedSource)
    return value


def _wait_for(receiver: Connection, *, seconds: float) -> tuple[str, object]:
    """("ok", parsed), ("error", message) or ("late", None)."""
    try:
        # The clock starts when the child says Django is ready, so a slow start on a busy
        # machine does not eat into the article's budget.
        if not receiver.poll(STARTUP_SECONDS):
            return ("error", "the import could not start: the server is busy; try again later")
        receiver.recv()  # ("started", None)
        if not receiver.poll(seconds):
            return ("late", None)
        return receiver.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        return ("error", "the article could not be processed: the generator stopped")
