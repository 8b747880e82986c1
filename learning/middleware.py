"""Characters no text column can hold are stopped here, before any view, form or session.

PostgreSQL refuses NUL in text and psycopg cannot encode an unpaired surrogate; either one
reaching a query is a 500 (SQLite would store them, so the two databases would also disagree).
One check at the door covers every form, query string, URL and cookie, present and future,
instead of a validator on each field. Uploaded files are not read here: Django already drops
unprintable characters from their names, and their contents are the import's business
(`decode_source` refuses a NUL anywhere in an article).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Only names a Set-Cookie header can carry are told to the browser to forget.
_COOKIE_NAME = re.compile(r"[\w.-]+")


def has_unstorable(text: str) -> bool:
    return UNSTORABLE.search(text) is not None


def unstorable_input_refused(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        # A cookie is ours, so a bad one is damage, not input: it is dropped (the session
        # cookie then simply starts a new session) and the browser is told to forget it.
        dropped = _bad_cookies_dropped(request)
        where = _unstorable_part(request)
        if where:
            return HttpResponseBadRequest(
                f"The request was refused: {where} contains a NUL byte or another character "
                "that cannot be stored.",
                content_type="text/plain; charset=utf-8",
            )
        response = get_response(request)
        for name in dropped:
            # Unless the view set a fresh one (a log-in after the bad session was dropped).
            if name not in response.cookies and _COOKIE_NAME.fullmatch(name):
                response.delete_cookie(name)
        return response

    return middleware


def _bad_cookies_dropped(request: HttpRequest) -> list[str]:
    bad = [
        name
        for name, value in request.COOKIES.items()
        if has_unstorable(name) or has_unstorable(value)
    ]
    for name in bad:
        del request.COOKIES[name]
    return bad


def _unstorable_part(request: HttpRequest) -> str:
    """Which part of the request holds an unstorable character, or "" when none does."""
    if has_unstorable(request.path_info):
        return "the address"
    if _any_unstorable(request.GET):
        return "the query string"
    if _any_unstorable(request.POST):
        return "the form"
    return ""


def _any_unstorable(data: QueryDict) -> bool:
    return any(
        has_unstorable(key) or any(has_unstorable(value) for value in values)
        for key, values in data.lists()
    )
