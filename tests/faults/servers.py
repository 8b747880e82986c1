"""The app as it runs in production: gunicorn in its own process, DEBUG off, static files
collected, talking to the test database. Faults are then done to it from the outside."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = Path(sys.executable)


def required(reason: str) -> None:
    """Skip locally with the reason; in CI (REQUIRE_FAULT_TESTS=1) fail with it instead."""
    if os.environ.get("REQUIRE_FAULT_TESTS", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"REQUIRE_FAULT_TESTS=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def database_url(settings_dict: dict[str, object]) -> str:
    """The URL of the test database this test process created."""
    name = settings_dict["NAME"]
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{name}"
    user, host, port = settings_dict["USER"], settings_dict["HOST"], settings_dict["PORT"]
    password = settings_dict["PASSWORD"]
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{host or '127.0.0.1'}:{port or 5432}/{name}"


def production_env(database: str, static_root: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database,
        DEBUG="false",
        # The tests' own key: sessions they create must be valid in the server too.
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",  # plain HTTP on loopback
        STATIC_ROOT=str(static_root),
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], *, threads: int = 1) -> Iterator[str]:
    """Serves the app; yields its base URL; stops it afterwards."""
    subprocess.run(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    command = [
        str(PYTHON), "-m", "gunicorn", "quizsite.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", str(threads),
        # Each server its own: gunicorn's control socket has one default path per machine.
        "--no-control-socket",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def status_of(url: str, *, cookie: str = "") -> int:
    """The HTTP status of a GET (redirects not followed), or 0 if nothing answered."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with _NO_REDIRECTS.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0  # no HTTP answer at all


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is the answer: a page that needs a login must not pass as 200


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


def _wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        if status_of(f"{base}/accounts/login/") == 200:
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer within 30 s")
