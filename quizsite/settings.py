"""Settings read from the environment, with strict helpers that fail loudly on bad values."""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origins(name: str) -> list[str]:
    origins = env_list(name, [])
    for origin in origins:
        if not re.fullmatch(r"https?://[^/\s]+", origin):
            raise ImproperlyConfigured(
                f"{name} must list origins like https://example.org (scheme, host, no path), "
                f"got {origin!r}"
            )
    return origins


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not re.fullmatch(r"HTTP_[A-Z0-9_]+", parts[0]) or not parts[1]:
        raise ImproperlyConfigured(
            f"{name} must be a request.META header name and the value meaning HTTPS, "
            f"like HTTP_X_FORWARDED_PROTO,https; got {raw!r}"
        )
    return parts[0], parts[1]


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


def env_email_backend(name: str, default: str) -> str:
    raw = (os.environ.get(name) or default).strip()
    backend = EMAIL_BACKENDS.get(raw, raw)
    if not re.fullmatch(r"[A-Za-z_][\w.]*\.[A-Za-z_]\w*", backend):
        raise ImproperlyConfigured(
            f"{name} must be console, smtp or the dotted path of a backend class, got {raw!r}"
        )
    return backend


RATE_PATTERN = re.compile(r"[1-9][0-9]*/[0-9]*[smhd]")


def env_rate(name: str, default: str) -> str:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if not RATE_PATTERN.fullmatch(raw.strip()):
        raise ImproperlyConfigured(
            f"{name} must be a rate like 5/m, 20/h or 10/15m (count/period), got {raw!r}"
        )
    return raw.strip()


DEBUG = env_bool("DEBUG", True)
# Whether browsers reach the site over HTTPS (directly or through a TLS-terminating proxy). It
# decides secure `__Host-` cookies, HSTS and the redirect to HTTPS. On whenever DEBUG is off;
# turn it off only for a production-like run over plain HTTP on loopback (a benchmark).
HTTPS = env_bool("HTTPS", not DEBUG)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only for local development; production must provide its own key.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_ratelimit",
    "django_tasks_db",
    "learning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production serves the collected static files itself (compressed, cached for ever);
    # in development and tests runserver and the test server serve the source folders.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    # Before the session: a NUL in its cookie would otherwise reach the database.
    "learning.middleware.unstorable_input_refused",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "quizsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "quizsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections save a connect per request; the health check replaces one
        # that died (a database restart) before a request uses it.
        conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60, minimum=0),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; NORMAL sync is durable in WAL mode and saves an
    # fsync per commit; IMMEDIATE takes the write lock up front so a busy database waits
    # (up to the timeout) instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = ["learning.auth_backends.ModelBackendWithSettings"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "bank_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Production serves compressed files under content-hashed names (cached for ever) from
# STATIC_ROOT, so it needs `collectstatic`; development and tests read the source folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Over plain HTTP (DEBUG, tests) browsers refuse `__Host-` cookies, so the plain names stay;
# over HTTPS the prefix makes the browser accept them only with Secure, Path=/ and no Domain,
# so neither a sibling subdomain nor plain HTTP can plant or read them.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Pages hand the token to htmx in hx-headers; no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Behind a TLS-terminating proxy, e.g. "HTTP_X_FORWARDED_PROTO,https". Only set it when the
# proxy always sets (or strips) that header, or clients could claim HTTPS.
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The same policy in every mode, so tests and development run under it. Scripts and styles
# come only from our own files (htmx included, with the nonce `{% htmx_script %}` adds);
# templates carry no inline script, style or event-handler attribute.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Password-reset emails: printed on the console in development; sent by SMTP (the EMAIL_*
# server settings below) in production. EMAIL_BACKEND may also name another backend class.
_email_backend = env_email_backend("EMAIL_BACKEND", "console" if DEBUG else "smtp")
_smtp_options = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25, minimum=1),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    # A mail server that hangs must not hold a web worker for ever.
    "timeout": env_int("EMAIL_TIMEOUT", 10, minimum=1),
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _smtp_options if _email_backend == EMAIL_BACKENDS["smtp"] else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quizsite@localhost")

# Rate limits on the account forms (learning/ratelimits.py): "count/period", period s, m, h or
# d, optionally with a multiple ("10/15m"). Every POST counts, successful or not. The login
# limit per address is loose because a classroom often shares one public address.
RATE_LIMITS = {
    "login-ip": env_rate("RATE_LIMIT_LOGIN_IP", "30/m"),
    "login-username": env_rate("RATE_LIMIT_LOGIN_USERNAME", "10/15m"),
    "signup-ip": env_rate("RATE_LIMIT_SIGNUP_IP", "20/h"),
    "password-reset-ip": env_rate("RATE_LIMIT_PASSWORD_RESET_IP", "10/h"),
    "password-reset-email": env_rate("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/h"),
    "join-user": env_rate("RATE_LIMIT_JOIN_USER", "30/h"),
    "upload-user": env_rate("RATE_LIMIT_UPLOAD_USER", "20/h"),
}
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_USE_CACHE = "ratelimit"
if os.environ.get("RATELIMIT_IP_META_KEY"):
    # Behind a reverse proxy every request comes from the proxy's address: name the
    # request.META key the proxy always sets to the client's address (e.g. HTTP_X_REAL_IP).
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]
# The counters live in the database so that every worker process (and every host) shares
# them; `migrate` creates the table (learning/apps.py), in tests as everywhere else.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "quizsite_rate_limits",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
}
# django-ratelimit wants memcached or Redis for atomic increments, and we run neither. With
# the database cache, simultaneous requests can each read the same count, so a burst can
# overshoot a limit by about the number of worker processes; sustained guessing cannot.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Uploaded articles are read in memory and stored with their import job, never as files;
# this caps the request body and is the size budget of an import.
ARTICLE_UPLOAD_MAX_BYTES = env_int("ARTICLE_UPLOAD_MAX_BYTES", 2 * 1024 * 1024, minimum=1)
# The time budget of an import's generation, which runs in a child process killed past it.
IMPORT_TIME_LIMIT_SECONDS = env_int("IMPORT_TIME_LIMIT_SECONDS", 60, minimum=1)

TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}


def env_task_backend(name: str, default: str) -> str:
    raw = (os.environ.get(name) or default).strip()
    if raw not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"{name} must be database or immediate, got {raw!r}")
    return TASK_BACKENDS[raw]


# Uploads and password-reset mail run as tasks. "database" queues them in the database for
# `manage.py db_worker` (which `make run` and `make serve` start); "immediate" runs them
# inside the request, for a setup without a worker.
TASKS = {"default": {"BACKEND": env_task_backend("TASKS_BACKEND", "database")}}
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_UPLOAD_MAX_BYTES + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_UPLOAD_MAX_BYTES + 64 * 1024
