"""POSTs that no page of ours sends (a bad field, a forged token) get a 400 with one line."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

View = Callable[..., HttpResponse]


class Malformed(Exception):
    """Raised by a view for a request our pages never send; the message is the reason."""


def malformed_is_400(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Malformed as error:
            # Plain text, one line: htmx shows it (study.js) and a person can read it.
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    return wrapper
