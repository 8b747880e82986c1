"""Rate limits for the account forms (log in, sign up, password reset), joins and uploads.

django-ratelimit does the counting, in the cache named by RATELIMIT_USE_CACHE; the limits are
read from settings.RATE_LIMITS on each request, so deployments and tests can change them.
A client over a limit gets a page saying how long to wait (429), never an error page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.forms import UsernameField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

View = Callable[..., HttpResponse]
Key = str | Callable[[str, HttpRequest], str]


@dataclass(frozen=True)
class Limit:
    name: str  # a key of settings.RATE_LIMITS, also the counter's group
    key: Key  # what is counted: "ip", "post:username" or a function of (group, request)


def posted_email(group: str, request: HttpRequest) -> str:
    # Addresses match case-insensitively when a reset is sent, so they are counted that way.
    return request.POST.get("email", "").strip().lower()


def posted_username(group: str, request: HttpRequest) -> str:
    """The username as the login form hands it to authentication: stripped and NFKC-folded by
    the same field, so " bob", "bob  " and "ｂob" are all counted as the "bob" they log in as.

    Case-folded on top: login matches case exactly, but sign-up already refuses "Bob" beside
    "bob", so one count for all cases never lets a guess through that the form would take.
    """
    return UsernameField().to_python(request.POST.get("username", "")).casefold()


LOGIN_LIMITS = (Limit("login-ip", "ip"), Limit("login-username", posted_username))
SIGNUP_LIMITS = (Limit("signup-ip", "ip"),)
# Join codes are guessable only by brute force; this keeps that out of reach.
JOIN_LIMITS = (Limit("join-user", "user"),)
# Each upload costs a worker up to IMPORT_TIME_LIMIT_SECONDS of CPU.
UPLOAD_LIMITS = (Limit("upload-user", "user"),)
PASSWORD_RESET_LIMITS = (
    Limit("password-reset-ip", "ip"),
    Limit("password-reset-email", posted_email),
)


def limit_posts(*limits: Limit) -> Callable[[View], View]:
    """Count each POST against every limit; past any of them, answer 429 instead of the view."""
    return _limit(limits, methods=("POST",))


def limit_requests(*limits: Limit) -> Callable[[View], View]:
    """Like limit_posts, for pages whose GET tells something worth guessing (a join link)."""
    return _limit(limits, methods=("GET", "HEAD", "POST"))


def _limit(limits: tuple[Limit, ...], *, methods: tuple[str, ...]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method in methods:
                wait = seconds_to_wait(request, limits)
                if wait:
                    return _too_many_attempts(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def seconds_to_wait(request: HttpRequest, limits: tuple[Limit, ...]) -> int:
    """0 when the request is within every limit; otherwise how long until all allow it again.

    Every limit is counted even when an earlier one is already exceeded, so that hammering
    one door does not keep the others' counts low.
    """
    wait = 0
    for limit in limits:
        usage = get_usage(
            request,
            group=f"quizsite.{limit.name}",
            key=limit.key,
            rate=settings.RATE_LIMITS[limit.name],
            # The method is part of django-ratelimit's counter key; the decorators choose the
            # methods, so a join link's GETs and the join form's POSTs share one count.
            method=ALL,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            wait = max(wait, usage["time_left"], 1)
    return wait


def _too_many_attempts(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(
        request,
        "registration/rate_limited.html",
        {"wait_minutes": math.ceil(wait / 60)},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response
