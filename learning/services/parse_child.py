"""The child process's side of `source_parse_timed`.

A module of its own, importing no model at the top: the spawned interpreter unpickles this
function before Django is set up.
"""

from __future__ import annotations

from multiprocessing.connection import Connection


def parse_in_child(sender: Connection, data: bytes, filename: str) -> None:
    import django

    django.setup()
    from learning.ingestion import IngestionError
    from learning.services.imports import source_parse

    sender.send(("started", None))
    try:
        parsed = source_parse(data=data, filename=filename)
    except IngestionError as error:
        sender.send(("error", str(error)))
    else:
        sender.send(("ok", parsed))
    finally:
        sender.close()
