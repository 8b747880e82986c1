"""One phase of bench/load.py: locust, headless and as a library, against a running server.

    .venv/bin/python bench/load_generator.py --host URL --kind trivial|cycle|pages --out FILE ...

A separate process because locust patches the standard library for gevent on import, which
the Django side of the benchmark must not run under. Every user sends its next request as
soon as the last one is answered (a closed loop, no think time), so the server is saturated
and requests/s is what it can serve. The first `--warm` seconds are not measured. At the end
each user finishes the request it has in flight, so every grade the server recorded has been
seen here and bench/load.py can compare the two counts. Writes its figures as JSON to --out.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment
from locust.exception import StopUser

FIELD = re.compile(r'name="(question|token)" value="([^"]+)"')
ALREADY_GRADED = "Already graded"
DONE = "All done for now"


class Shared:
    """What all users of this process see: the stop flag, the learners left, the counts."""

    stopping = False
    in_flight = 0
    learners: list[dict[str, str]] = []
    slug = ""
    grades_ok = 0  # 200, recorded: the server must hold exactly this many new review logs
    already_graded = 0
    status: dict[str, int] = {}  # every response of the run (not only the measured window)
    pool_ran_dry = 0
    pages_pool: dict[str, str] = {}


def _count_status(code: int) -> None:
    key = str(code) if code else "no response"
    Shared.status[key] = Shared.status.get(key, 0) + 1


class Trivial(FastHttpUser):
    """An anonymous visitor reloading the login page."""

    wait_time = constant(0)

    @task
    def login_page(self) -> None:
        _stop_if_stopping()
        Shared.in_flight += 1
        try:
            with self.client.get("/accounts/login/", name="trivial", catch_response=True) as r:
                _count_status(r.status_code)
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")
        finally:
            Shared.in_flight -= 1


class Cycle(FastHttpUser):
    """A logged-in learner grading card after card, each with the token of the last response.

    When their learner has no card left the user takes the next learner from the pool. Cookies
    go in by hand: the session was made in the database, the CSRF secret is the user's own.
    """

    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self.headers: dict[str, str] = {}
        self.card: tuple[str, str] | None = None
        self._take_learner()

    def _take_learner(self) -> None:
        if not Shared.learners:
            Shared.pool_ran_dry += 1
            raise StopUser
        learner = Shared.learners.pop()
        self.headers = {
            "Cookie": f"sessionid={learner['session']}; csrftoken={learner['csrf']}",
            "X-CSRFToken": learner["csrf"],
        }
        self.card = None

    @task
    def grade(self) -> None:
        _stop_if_stopping()
        Shared.in_flight += 1
        try:
            if self.card is None:
                self._open_page()
            else:
                self._grade(*self.card)
        finally:
            Shared.in_flight -= 1

    def _open_page(self) -> None:
        """The study page, as a browser loads it first: the first card and its token."""
        url = f"/study/{Shared.slug}/"
        with self.client.get(
            url, headers=self.headers, name="study page", catch_response=True
        ) as r:
            _count_status(r.status_code)
            self.card = _card(r.text or "") if r.status_code == 200 else None
            if self.card is None:
                r.failure(f"status {r.status_code}, no card on the study page")

    def _grade(self, question: str, token: str) -> None:
        done = False
        with self.client.post(
            f"/study/{Shared.slug}/grade/",
            data={"question": question, "token": token, "rating": "3"},
            headers={**self.headers, "HX-Request": "true"},
            name="cycle",
            catch_response=True,
        ) as r:
            _count_status(r.status_code)
            body = r.text or ""
            if r.status_code != 200:
                self.card = None  # reload the page, as a learner would
                r.failure(f"status {r.status_code}: {body[:200]}")
                return
            if ALREADY_GRADED in body:
                Shared.already_graded += 1
                self.card = None
                r.failure("already graded: one showing was graded twice")
                return
            Shared.grades_ok += 1
            self.card = _card(body)
            done = self.card is None and DONE in body
            if self.card is None and not done:
                r.failure(f"no next card in the response: {body[:200]}")
        if done:
            self._take_learner()  # outside the response's context: it may stop the user


class Pages(FastHttpUser):
    """An instructor going round every page while their hostile uploads are being imported;
    the login page is fetched anonymously. Each request is named after its page."""

    wait_time = constant(0)
    turn = 0  # users start at different pages

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        pool = Shared.pages_pool
        cookie = {"Cookie": f"sessionid={pool['session']}; csrftoken={pool['csrf']}"}
        slug, job = pool["slug"], pool["job"]
        self.pages = [
            ("login page", "/accounts/login/", {}),
            ("bank list", "/", cookie),
            ("bank page", f"/banks/{slug}/", cookie),
            ("study home", "/study/", cookie),
            ("study page", f"/study/{slug}/", cookie),
            ("progress", "/progress/", cookie),
            ("classes", "/classes/", cookie),
            ("upload page", "/banks/upload/", cookie),
            ("import page", f"/imports/{job}/", cookie),
            ("import progress (htmx)", f"/imports/{job}/", {**cookie, "HX-Request": "true"}),
        ]
        Pages.turn += 1
        self.next = Pages.turn % len(self.pages)

    @task
    def page(self) -> None:
        _stop_if_stopping()
        name, url, headers = self.pages[self.next]
        self.next = (self.next + 1) % len(self.pages)
        Shared.in_flight += 1
        try:
            with self.client.get(url, headers=headers, name=name, catch_response=True) as r:
                _count_status(r.status_code)
                if r.status_code in (200, 286):  # 286: a finished import, htmx stops polling
                    r.success()
                else:
                    r.failure(f"status {r.status_code}")
        finally:
            Shared.in_flight -= 1


def _stop_if_stopping() -> None:
    if Shared.stopping:
        raise StopUser


def _card(html: str) -> tuple[str, str] | None:
    found = dict(FIELD.findall(html))
    return (found["question"], found["token"]) if {"question", "token"} <= found.keys() else None


def run(args: argparse.Namespace) -> dict[str, Any]:
    user_class = {"trivial": Trivial, "cycle": Cycle, "pages": Pages}[args.kind]
    if args.kind == "cycle":
        pool = json.loads(Path(args.learners).read_text())
        Shared.slug, Shared.learners = pool["slug"], pool["learners"][::-1]
    if args.kind == "pages":
        Shared.pages_pool = json.loads(Path(args.learners).read_text())
    env = Environment(user_classes=[user_class], host=args.host, events=events)
    window: dict[str, Any] = {
        "start": 0.0, "end": 0.0, "times": [], "errors": 0, "other": 0, "by_page": {},
    }  # fmt: skip

    def on_request(*, name: str, response_time: float, exception: object, start_time: float,
                   **_: object) -> None:  # fmt: skip
        finished = start_time + response_time / 1000
        if not window["start"] <= finished < window["end"]:
            return
        if args.kind == "pages":
            if exception is not None:
                window["errors"] += 1
            else:
                window["times"].append(response_time)
                window["by_page"].setdefault(name, []).append(response_time)
        elif name != args.kind:
            window["other"] += 1  # a study page between learners: not part of the workload
        elif exception is not None:
            window["errors"] += 1
        else:
            window["times"].append(response_time)

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    started = time.time()
    window["start"], window["end"] = started + args.warm, started + args.warm + args.seconds
    runner.start(args.users, spawn_rate=100)  # all started within the warm-up
    gevent.sleep(args.warm + args.seconds)
    Shared.stopping = True
    while Shared.in_flight:
        gevent.sleep(0.01)
    runner.quit()
    return {
        "kind": args.kind,
        "seconds": args.seconds,
        "users": args.users,
        "times_ms": window["times"],
        "times_ms_by_page": window["by_page"],
        "errors": window["errors"],
        "other_requests": window["other"],
        "status": Shared.status,
        "grades_ok": Shared.grades_ok,
        "already_graded": Shared.already_graded,
        "pool_ran_dry": Shared.pool_ran_dry,
        "exceptions": sum(e["occurrences"] for e in runner.exceptions.values()),
        "exception_messages": [e["msg"] for e in runner.exceptions.values()][:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--kind", choices=["trivial", "cycle", "pages"], required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--warm", type=float, default=2.0)
    parser.add_argument("--learners", help="JSON: the bank's slug and the users' cookies")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    Path(args.out).write_text(json.dumps(run(args)))


if __name__ == "__main__":
    main()
