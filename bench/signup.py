"""Times a sign-up beside 10,000 existing accounts, against the login page measured in the
same run.

    .venv/bin/python bench/signup.py            # measure, print, refresh docs/performance.md
    .venv/bin/python bench/signup.py --no-write # measure and print only

The look-alike check compares the new name's Unicode skeletons with every existing name's
(learning/services/accounts.py); the name posted resembles none, so every name is read, and
the passwords differ, so no account is made and each repeat does the same work. "Cold" clears
the per-worker cache of skeletons first, as the first sign-up after a worker starts; "warm" is
every sign-up after it. One process, a throwaway SQLite file, Django's test Client (the whole
middleware stack, no network).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = ".venv/bin/python bench/signup.py"
ACCOUNTS = 10_000
REPEATS = 5
REQUESTS = 20

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import header, seed_database, setup_django, write_section  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch the docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["RATELIMIT_ENABLE"] = "false"  # the same address signs up many times
        setup_django(Path(folder) / "bench.sqlite3")
        seed_database()
        rows = measure()
    lines = [
        *header(),
        f"- Reproduce: `{COMMAND}` (SQLite in a temporary file; DEBUG off, rate limits off)",
        f"- Data: {ACCOUNTS:,} accounts; each sign-up posts a new name (no look-alike, so "
        "all of them are compared) and passwords that differ, so none is created.",
        "",
        "| Request | ms (median of repeats) | × login page |",
        "| --- | ---: | ---: |",
    ]
    login_ms = rows["Login page (GET)"]
    lines += [f"| {name} | {ms:.1f} | {ms / login_ms:.1f} |" for name, ms in rows.items()]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        write_section(
            "signup",
            section,
            introduction=(
                "## Sign-up beside many accounts\n\n"
                "`bench/signup.py` times a sign-up, whose look-alike check compares the new "
                "username with every existing one, against the login page, in the same run."
            ),
        )


def measure() -> dict[str, float]:
    from django.contrib.auth.models import User
    from django.test import Client

    from learning.usernames import username_looks

    User.objects.bulk_create(
        User(username=f"student{n:05d}", password="!") for n in range(ACCOUNTS)
    )
    client = Client()
    posted = {"username": "newcomer", "password1": "pa55-word-long!", "password2": "other"}

    def login_page() -> None:
        assert client.get("/accounts/login/").status_code == 200

    def sign_up() -> None:
        response = client.post("/accounts/signup/", posted)
        assert "didn’t match" in response.content.decode()

    def cold_sign_up() -> None:
        username_looks.cache_clear()
        sign_up()

    timed = {
        "Login page (GET)": login_page,
        "Sign-up, cold skeleton cache": cold_sign_up,
        "Sign-up, warm": sign_up,
    }
    samples: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(REPEATS):
        for name, request in timed.items():
            requests = 2 if "cold" in name else REQUESTS
            start = time.perf_counter()
            for _ in range(requests):
                request()
            samples[name].append(1000 * (time.perf_counter() - start) / requests)
    return {name: statistics.median(values) for name, values in samples.items()}


if __name__ == "__main__":
    main()
