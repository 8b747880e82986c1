"""Characters no text column can store are refused at the door, on every database alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.middleware import has_unstorable
from learning.models import Bank, Classroom, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


@pytest.mark.parametrize(
    ("text", "unstorable"),
    [("plain", False), ("café ｂob", False), ("a\x00b", True), ("\ud800", True), ("\udfff", True)],
)
def test_nul_and_unpaired_surrogates_are_unstorable(text: str, unstorable: bool) -> None:
    assert has_unstorable(text) is unstorable


def _assert_refused(response: object) -> None:
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "NUL byte" in body
    assert "\n" not in body


def test_a_nul_in_a_join_link_is_a_400(login: Login, student: User) -> None:
    _assert_refused(login(student).get("/join/%00/"))
    _assert_refused(login(student).post("/join/%00/"))


def test_a_nul_in_the_query_string_is_a_400(login: Login, student: User, make_bank) -> None:
    bank = make_bank()

    _assert_refused(login(student).get(reverse("bank_detail", args=[bank.slug]), {"type": "\x00"}))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("accepted_answers", "nerve damage\nnerve\x00damage"),
        ("choices", "Lupus\x00\nGout"),
        ("pairs", "Biopsy = plasma\x00cells"),
        ("prompt", "What\x00?"),
        ("category\x00", "tests"),  # a NUL in a field's name is refused as well
    ],
)
def test_a_nul_in_the_question_editor_is_refused_and_changes_nothing(
    login: Login, instructor: User, make_bank: Callable[..., Bank], field: str, value: str
) -> None:
    question = make_bank(owner=instructor).questions.get(key="acr-1")
    before = Question.objects.values().get(pk=question.pk)
    url = reverse("question_edit", args=[question.bank.slug, question.pk])
    data = {
        "category": question.category,
        "prompt": question.prompt,
        "answer": question.answer,
        "accepted_answers": "\n".join(question.accepted_answers),
        field: value,
    }

    _assert_refused(login(instructor).post(url, data))

    assert Question.objects.values().get(pk=question.pk) == before


def test_a_nul_filled_session_cookie_is_dropped_and_the_page_answers(client: Client) -> None:
    client.cookies["sessionid"] = "\x00" * 32

    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
    # The browser is told to forget the broken cookie.
    assert response.cookies["sessionid"].value == ""
    assert response.cookies["sessionid"]["max-age"] == 0


def test_logging_in_with_a_broken_session_cookie_starts_a_new_session(
    client: Client, student: User
) -> None:
    client.cookies["sessionid"] = "\x00" * 32

    response = client.post(
        reverse("login"), {"username": "sam", "password": "a-long-test-password-1"}
    )

    assert response.status_code == 302
    # The new session's cookie is kept, not overwritten by the clean-up of the broken one.
    assert response.cookies["sessionid"].value
    assert client.get(reverse("bank_list")).status_code == 200


def test_a_broken_cookie_does_not_log_out_a_signed_in_user(
    client: Client, student: User, classroom: Classroom
) -> None:
    client.force_login(student)
    client.cookies["theme"] = "dark\x00"

    response = client.get(reverse("class_detail", args=[classroom.pk]))

    assert response.status_code == 200
    assert response.wsgi_request.user == student
