"""The child process's side of `source_parse_timed`.

A module of its own, importing no model at the top: the spawned interpreter unpickles this
function before Django is set up.
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection


def parse_in_child(sender: Connection, data: bytes, filename: str, niceness: int) -> None:
    import django

    django.setup()
    from learning.ingestion import IngestionError
    from learning.services.imports import source_parse

    # Below the web workers: on a small server a long generation must not slow the pages.
    # Set only now, so that starting Django is not what a busy server slows down.
    os.nice(niceness)
    sender.send(("started", None))
    try:
        parsed = source_parse(data=data, filename=filename)
    except IngestionError as error:
        sender.send(("error", str(error)))
    else:
        sender.send(("ok", parsed))
    finally:
        sender.close()
