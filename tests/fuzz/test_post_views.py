"""Every POST route: generated bodies never produce a 500, and none is exempt from CSRF.

Each view gets bodies made of its own forms' field names and of stray ones, with values that
are sometimes real ids, tokens and choices, sometimes junk (empty, huge, NUL, non-ASCII,
repeated keys). A view may refuse any of it (400, 404, 405, 429 or a form re-rendered with
errors), but it must answer.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning import urls as learning_urls
from learning.models import Assignment, Attempt, Bank, Classroom, ImportJob
from learning.services.attempts import attempt_start
from learning.services.reviews import grade_token

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "learning.forms",
    "learning.forms_assignments",
    "learning.forms_classes",
    "learning.forms_questions",
    "learning.forms_settings",
    "learning.forms_study",
]
# Fields our pages post that no Form class declares (read from request.POST directly).
EXTRA_FIELDS = [
    "category",
    "next",
    "csrfmiddlewaretoken",
    "restore",
    "action",
    "given",
    "answer",
    "score",
]
# Views of Django's own that have no form we wrote (or need a reset link's token).
SKIPPED = {"logout", "password_reset_confirm", "password_reset_done", "password_reset_complete"}


def _field_names() -> list[str]:
    names = set(EXTRA_FIELDS)
    for module_name in FORM_MODULES:
        for _, cls in inspect.getmembers(importlib.import_module(module_name), inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                names.update(cls.base_fields)
    return sorted(names)


FIELDS = _field_names()
JUNK = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10),
    st.sampled_from(["", "\x00", "0", "-1", "1e309", "9" * 30, "nan", "x" * 5000, "<script>"]),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
)


def _bodies(real_values: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    value = st.one_of(JUNK, st.sampled_from(real_values))
    key = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12))
    return st.dictionaries(key, st.lists(value, min_size=1, max_size=3), max_size=12)


class World:
    """One of everything a POST can name: class, bank, question, assignment, attempt."""

    def __init__(self, instructor: User, student: User, classroom: Classroom, quiz: Assignment):
        self.instructor, self.student, self.classroom, self.quiz = (
            instructor,
            student,
            classroom,
            quiz,
        )
        self.bank: Bank = quiz.bank
        self.question = self.bank.questions.order_by("pk").first()
        self.import_job = ImportJob.objects.create(
            owner=instructor, filename="article.txt", size=1, data=b"x", status="done"
        )
        self.attempt: Attempt = attempt_start(
            assignment=quiz, student=student, now=quiz.opens_at + (quiz.due_at - quiz.opens_at) / 2
        )
        question_ids = [str(pk) for pk in self.bank.questions.values_list("pk", flat=True)]
        token = grade_token(user=student, question_id=self.question.pk, reps=0)
        self.real_values = [*question_ids, token, "1", "3", "true", "on", self.bank.slug]
        self.real_values += ["promote", "demote", "restore", f"/banks/{self.bank.slug}/reserve/"]
        self.real_values += [str(self.classroom.pk), str(self.student.pk), quiz.bank.title]
        self.real_values += [choice for q in self.bank.questions.all() for choice in q.choices]

    def target(self, name: str) -> tuple[str, User | None] | None:
        """The URL to post to and who posts (the view's rightful user), or None to skip."""
        routes: dict[str, tuple[dict[str, Any], User | None]] = {
            "classroom": ({"pk": self.classroom.pk}, self.instructor),
            "assignment": ({"pk": self.quiz.pk}, self.instructor),
            "attempt": ({"pk": self.attempt.pk}, self.student),
            "bank": ({"slug": self.bank.slug}, self.student),
            "import_job": ({"pk": self.import_job.pk}, self.instructor),
        }
        pattern = _patterns()[name]
        params = set(pattern.pattern.converters)
        if params == set():
            user = None if name in {"login", "signup", "password_reset"} else self.student
            return reverse(name), user
        if params == {"slug"}:
            owner = self.instructor if name.startswith(("bank_", "question_")) else self.student
            return reverse(name, kwargs={"slug": self.bank.slug}), owner
        if params == {"slug", "pk"}:
            kwargs = {"slug": self.bank.slug, "pk": self.question.pk}
            return reverse(name, kwargs=kwargs), self.instructor
        if params == {"pk", "user_id"}:
            kwargs = {"pk": self.classroom.pk, "user_id": self.student.pk}
            return reverse(name, kwargs=kwargs), self.instructor
        if params == {"code"}:
            return reverse(name, kwargs={"code": self.classroom.join_code}), self.student
        kind = _kind_of(name)
        kwargs, user = routes[kind]
        if name == "attempt_start":
            user = self.student
        return reverse(name, kwargs=kwargs), user


def _patterns() -> dict[str, URLPattern]:
    """Every named route of the app (the admin is Django's and is left out)."""
    return {entry.name: entry for entry in learning_urls.urlpatterns if entry.name}


def _kind_of(name: str) -> str:
    """Which object an `<int:pk>` route names, from the route's own path."""
    route = str(_patterns()[name].pattern)
    prefixes = (
        ("classes/", "classroom"),
        ("assignments/", "assignment"),
        ("imports/", "import_job"),
    )
    for prefix, kind in prefixes:
        if route.startswith(prefix):
            return kind
    if route.startswith("attempts/"):
        return "attempt"
    raise AssertionError(f"no object known for the route {route!r} of {name!r}")


OUR_VIEWS = sorted(set(_patterns()) - SKIPPED)


@pytest.fixture
def world(
    instructor: User, student: User, classroom: Classroom, make_quiz: Callable[..., Assignment]
) -> World:
    return World(instructor, student, classroom, make_quiz())


def _client_for(world: World, name: str) -> tuple[str, Client]:
    """The route's URL, and a client signed in as the view's rightful user (if any)."""
    url, user = world.target(name)  # type: ignore[misc]
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return url, client


def _examples(count: int) -> settings:
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=True,  # the same bodies on every run, so CI cannot be flaky
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.mark.parametrize("name", OUR_VIEWS)
def test_no_generated_post_gets_a_server_error(name: str, world: World) -> None:
    url, client = _client_for(world, name)

    @_examples(25)
    @given(body=_bodies(world.real_values), htmx=st.booleans())
    def post(body: dict[str, list[str]], htmx: bool) -> None:
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(url, body, headers=headers)
        assert response.status_code < 500, (name, body, response.content[:500])

    post()


@pytest.mark.parametrize("name", OUR_VIEWS)
def test_every_route_refuses_a_post_without_its_csrf_token(name: str, world: World) -> None:
    """No view of ours is exempt: a forged cross-site form gets a 403 before the view runs."""
    url, user = world.target(name)  # type: ignore[misc]
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)

    response = client.post(url, {"question": world.question.pk, "rating": "3", "name": "x"})

    assert response.status_code == 403, (name, response.status_code)


@pytest.mark.parametrize("name", OUR_VIEWS)
def test_a_nul_anywhere_in_a_request_is_a_400(name: str, world: World) -> None:
    """Whatever else the body holds, one NUL in a field's name or value, or in the query
    string, is refused before the view: the same 400 on SQLite and PostgreSQL."""
    url, client = _client_for(world, name)

    @_examples(10)
    @given(
        body=_bodies(world.real_values),
        field=st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)),
        value=st.text(max_size=10),
        at=st.integers(min_value=0, max_value=10),
        place=st.sampled_from(["value", "name", "query"]),
    )
    def post(body: dict[str, list[str]], field: str, value: str, at: int, place: str) -> None:
        poisoned = value[:at] + "\x00" + value[at:]
        target = url
        if place == "value":
            body[field] = [poisoned]
        elif place == "name":
            body[field[:at] + "\x00" + field[at:]] = [value]
        else:
            target = f"{url}?{urlencode({field: poisoned})}"
        response = client.post(target, body)
        assert response.status_code == 400, (name, body, response.content[:300])

    post()


# Letters of "sam" and what can stand in for them: other alphabets, full-width forms, case.
SAM_LOOKALIKES = [
    ["s", "S", "ѕ", "Ѕ", "ｓ", "Ｓ"],
    ["a", "A", "а", "А", "ɑ", "α", "ａ"],
    ["m", "M", "М", "rn", "ｍ", "Ｍ"],
]


@pytest.fixture
def no_rate_limits(settings: Any) -> None:  # pytest-django's settings, not hypothesis's
    # Sixty sign-ups from one address would otherwise be stopped by its limit, not the check.
    settings.RATELIMIT_ENABLE = False


def test_no_spelling_of_an_existing_username_makes_a_second_account(
    student: User, no_rate_limits: None
) -> None:
    """Sign-up and login with generated look-alikes of "sam": never a 500, never a second
    account beside sam's, never a login with a password that is not sam's."""
    client = Client(raise_request_exception=False)

    @_examples(150)
    @given(
        letters=st.tuples(*(st.sampled_from(options) for options in SAM_LOOKALIKES)),
        before=st.sampled_from(["", " ", "\t", "\u3000"]),
        after=st.sampled_from(["", " ", "  ", "\u3000"]),
    )
    def sign_up_and_log_in(letters: tuple[str, ...], before: str, after: str) -> None:
        username = before + "".join(letters) + after
        password = "pa55-word-long!"
        data = {"username": username, "password1": password, "password2": password}
        response = client.post(reverse("signup"), data)
        assert response.status_code == 200, (username, response.status_code)
        assert list(User.objects.values_list("username", flat=True)) == ["sam"], username
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 200, (username, response.status_code)
        assert "_auth_user_id" not in client.session

    sign_up_and_log_in()
