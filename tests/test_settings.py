"""Settings from the environment: strict helpers, production values, and a production run.

Production settings are only read in a fresh process, with a clean environment, exactly as a
server would start: settings are read once, at start-up.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from quizsite.settings import (
    env_bool,
    env_email_backend,
    env_int,
    env_origins,
    env_proxy_ssl_header,
    env_rate,
)

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-long-test-password-1"


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value != ""}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _manage(env: dict[str, str], *args: str) -> str:
    result = _run(env, "manage.py", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _python(env: dict[str, str], code: str) -> Any:
    result = _run({**env, "DJANGO_SETTINGS_MODULE": "quizsite.settings"}, "-c", code)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    ("helper", "raw"),
    [
        (lambda: env_bool("X", True), "maybe"),
        (lambda: env_int("X", 0), "ten"),
        (lambda: env_int("X", 0, minimum=0), "-1"),
        (lambda: env_rate("X", "5/m"), "lots"),
        (lambda: env_rate("X", "5/m"), "0/m"),
        (lambda: env_rate("X", "5/week"), "5/week"),
        (lambda: env_origins("X"), "example.org"),
        (lambda: env_origins("X"), "https://example.org/path"),
        (lambda: env_proxy_ssl_header("X"), "X-Forwarded-Proto"),
        (lambda: env_proxy_ssl_header("X"), "HTTP_X_FORWARDED_PROTO"),
        (lambda: env_email_backend("X", "console"), "send it please"),
    ],
)
def test_a_bad_value_fails_loudly_naming_the_variable(
    helper: Any, raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("X", raw)

    with pytest.raises(ImproperlyConfigured, match="^X must"):
        helper()


def test_good_values_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "B": "Off",
        "I": "60",
        "R": "10/15m",
        "O": "https://quiz.example.org, http://localhost:8000",
        "P": "HTTP_X_FORWARDED_PROTO,https",
        "E": "smtp",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)

    assert env_bool("B", True) is False
    assert env_int("I", 0, minimum=0) == 60
    assert env_rate("R", "5/m") == "10/15m"
    assert env_origins("O") == ["https://quiz.example.org", "http://localhost:8000"]
    assert env_proxy_ssl_header("P") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert env_email_backend("E", "console") == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set when DEBUG is off"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must name the site's hosts when DEBUG is off"),
    ],
)
def test_production_refuses_to_start_without(tmp_path: Path, missing: str, message: str) -> None:
    result = _run(_production_env(tmp_path, **{missing: ""}), "manage.py", "check")

    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    env = _production_env(tmp_path)

    result = _run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_debug_on(tmp_path: Path) -> None:
    # The same command must be able to fail, or the test above proves nothing.
    env = _production_env(tmp_path, DEBUG="true")

    result = _run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


PRODUCTION_VALUES = """
import json, django
django.setup()
from django.conf import settings as s
from django.db import connection
names = [
    "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "STORAGES", "MIDDLEWARE",
    "CSRF_TRUSTED_ORIGINS",
]
values = {name: getattr(s, name) for name in names}
values["CONN_MAX_AGE"] = s.DATABASES["default"]["CONN_MAX_AGE"]
values["CONN_HEALTH_CHECKS"] = s.DATABASES["default"]["CONN_HEALTH_CHECKS"]
values["MAILER"] = s.MAILERS["default"]["BACKEND"]
print(json.dumps(values))
"""


def test_production_settings_hold_the_secure_values(tmp_path: Path) -> None:
    env = _production_env(
        tmp_path,
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        CSRF_TRUSTED_ORIGINS="https://example.org",
    )

    values = _python(env, PRODUCTION_VALUES)

    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://example.org"]
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["MIDDLEWARE"][:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert values["CONN_MAX_AGE"] == 60
    assert values["CONN_HEALTH_CHECKS"] is True
    assert values["MAILER"] == "django.core.mail.backends.smtp.EmailBackend"


def test_plain_http_on_loopback_keeps_plain_cookie_names(tmp_path: Path) -> None:
    values = _python(_production_env(tmp_path, HTTPS="false"), PRODUCTION_VALUES)

    assert values["SESSION_COOKIE_NAME"] == "sessionid"
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_development_settings_need_no_collected_static_files() -> None:
    from django.conf import settings

    assert settings.STORAGES["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    assert settings.SESSION_COOKIE_NAME == "sessionid"


PRODUCTION_REQUESTS = f"""
import json, django
django.setup()
from django.contrib.auth.models import User
from django.templatetags.static import static
from django.test import Client

User.objects.create_user("sam", password="{PASSWORD}")
client = Client(HTTP_HOST="example.org")
css = static("css/site.css")
responses = {{
    "http": client.get("/accounts/login/"),
    "login_page": client.get("/accounts/login/", secure=True),
    "log_in": client.post(
        "/accounts/login/", {{"username": "sam", "password": "{PASSWORD}"}}, secure=True
    ),
    "bank_list": client.get("/", secure=True),
    "css": client.get(css, secure=True, HTTP_ACCEPT_ENCODING="gzip"),
}}
print(json.dumps({{
    "css_url": css,
    **{{
        name: {{
            "status": response.status_code,
            "headers": dict(response.headers),
            "cookies": {{key: bool(morsel["secure"]) for key, morsel in response.cookies.items()}},
        }}
        for name, response in responses.items()
    }},
}}))
"""


def test_a_production_install_serves_pages_and_hashed_compressed_static(tmp_path: Path) -> None:
    env = _production_env(tmp_path, ALLOWED_HOSTS="example.org")
    _manage(env, "migrate", "--noinput")  # creates the rate-limit table too, for the login
    _manage(env, "collectstatic", "--noinput")

    seen = _python(env, PRODUCTION_REQUESTS)

    assert seen["http"]["status"] == 301
    assert seen["http"]["headers"]["Location"] == "https://example.org/accounts/login/"
    for name in ("login_page", "log_in", "bank_list"):
        headers = seen[name]["headers"]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000"), name
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], name
    assert seen["login_page"]["status"] == 200
    assert seen["login_page"]["cookies"] == {"__Host-csrftoken": True}
    assert seen["log_in"]["status"] == 302
    assert seen["log_in"]["cookies"]["__Host-sessionid"] is True
    assert seen["bank_list"]["status"] == 200
    assert seen["css_url"].startswith("/static/css/site.")
    assert seen["css_url"] != "/static/css/site.css"  # the name carries the content's hash
    assert seen["css"]["status"] == 200
    assert seen["css"]["headers"]["Content-Encoding"] == "gzip"
    assert "immutable" in seen["css"]["headers"]["Cache-Control"]
