"""Saving an answer: a normal POST that moves on, or an htmx autosave that says "saved"."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt, AttemptAnswer, Bank, Membership, Question
from learning.services.attempts import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeQuiz = Callable[..., Assignment]


@pytest.fixture
def attempt(make_quiz: MakeQuiz, student: User) -> Attempt:
    return attempt_start(assignment=make_quiz(), student=student, now=timezone.now())


def _question(key: str) -> Question:
    return Question.objects.get(key=key)


def _post(
    client: Client,
    attempt: Attempt,
    key: str,
    *,
    htmx: bool = False,
    follow: bool = False,
    **fields: Any,
) -> HttpResponse:
    body = {"question": str(_question(key).pk), **fields}
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("attempt_answer", args=[attempt.pk])
    return client.post(url, body, headers=headers, follow=follow)


def _take(attempt: Attempt, step: int | str) -> str:
    return f"{reverse('attempt_take', args=[attempt.pk])}?q={step}"


def _number(attempt: Attempt, key: str) -> int:
    return attempt.question_ids.index(_question(key).pk) + 1


def _saved(key: str) -> str:
    return AttemptAnswer.objects.get(question__key=key).given


def test_it_redirects_anonymous_users_to_log_in(client: Client, attempt: Attempt) -> None:
    response = _post(client, attempt, "quiz-tf", choice="True")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AttemptAnswer.objects.exists()


def test_it_refuses_a_get_with_405(login: Login, student: User, attempt: Attempt) -> None:
    url = reverse("attempt_answer", args=[attempt.pk])

    assert login(student).get(url).status_code == 405


def test_answering_in_another_students_attempt_is_a_404(
    login: Login, other_student: User, attempt: Attempt
) -> None:
    Membership.objects.create(classroom=attempt.assignment.classroom, student=other_student)

    response = _post(login(other_student), attempt, "quiz-tf", choice="True")

    assert response.status_code == 404
    assert not AttemptAnswer.objects.exists()


def test_without_javascript_an_answer_is_saved_as_given_and_the_next_question_follows(
    login: Login, student: User, attempt: Attempt
) -> None:
    response = _post(login(student), attempt, "quiz-typed", given="  polyneuropathy ", go="next")

    assert response.status_code == 302
    assert response["Location"] == _take(attempt, _number(attempt, "quiz-typed") + 1)
    assert _saved("quiz-typed") == "  polyneuropathy "


def test_go_back_and_the_last_question_lead_where_they_say(
    login: Login, student: User, attempt: Attempt
) -> None:
    client = login(student)
    last_key = Question.objects.get(pk=attempt.question_ids[-1]).key
    assert last_key == "quiz-match"  # the bank's order, unshuffled
    second_key = Question.objects.get(pk=attempt.question_ids[1]).key

    back = _post(client, attempt, second_key, go="prev")
    last = _post(client, attempt, last_key, go="next", match=["", ""])
    end = _post(client, attempt, second_key, go="end")

    assert back["Location"] == _take(attempt, 1)
    assert last["Location"] == _take(attempt, "end")
    assert end["Location"] == _take(attempt, "end")


def test_with_htmx_an_autosave_returns_only_the_saved_status(
    login: Login, student: User, attempt: Attempt
) -> None:
    response = _post(login(student), attempt, "quiz-mcq", htmx=True, choice="Gout")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip() == f"Answer to question {_number(attempt, 'quiz-mcq')} saved."
    assert _saved("quiz-mcq") == "Gout"


def test_a_new_answer_replaces_the_old_one(login: Login, student: User, attempt: Attempt) -> None:
    client = login(student)

    _post(client, attempt, "quiz-mcq", htmx=True, choice="Gout")
    _post(client, attempt, "quiz-mcq", htmx=True, choice="Lupus")

    assert AttemptAnswer.objects.count() == 1
    assert _saved("quiz-mcq") == "Lupus"


def test_matching_picks_are_saved_as_pairs_and_blank_picks_left_out(
    login: Login, student: User, attempt: Attempt
) -> None:
    _post(login(student), attempt, "quiz-match", match=["", "bone lesions"], go="next")

    assert json.loads(_saved("quiz-match")) == [["X-ray", "bone lesions"]]


@pytest.mark.parametrize(
    ("key", "fields", "reason"),
    [
        ("quiz-mcq", {"choice": "Not an option"}, "choice: not one of this question's options"),
        ("quiz-match", {"match": ["plasma cells"]}, "match: expected one pick for each item"),
        ("quiz-match", {"match": ["x", "y"]}, "match: not one of this question's options"),
        ("quiz-typed", {"given": "x" * 2001}, "given: Ensure this value has at most 2000"),
        ("quiz-typed", {"go": "elsewhere"}, "go: Select a valid choice."),
    ],
)
def test_a_post_our_pages_never_send_is_a_400_with_the_reason(
    login: Login, student: User, attempt: Attempt, key: str, fields: dict, reason: str
) -> None:
    response = _post(login(student), attempt, key, **fields)

    assert response.status_code == 400
    assert response.content.decode().startswith(reason)
    assert not AttemptAnswer.objects.exists()


def test_a_question_outside_the_attempt_is_a_404(
    login: Login, student: User, make_quiz: MakeQuiz, quiz_bank: Bank
) -> None:
    small = attempt_start(
        assignment=make_quiz(question_count=1), student=student, now=timezone.now()
    )
    outside = next(
        key for key in ("quiz-mcq", "quiz-tf") if _question(key).pk not in small.question_ids
    )

    assert _post(login(student), small, outside, choice="True").status_code == 404
    assert not AttemptAnswer.objects.exists()


def test_an_answer_after_the_time_limit_is_ignored_and_the_attempt_closes(
    login: Login, student: User, make_quiz: MakeQuiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    late = attempt_start(assignment=make_quiz(time_limit_minutes=5), student=student, now=now)
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))

    response = _post(login(student), late, "quiz-tf", choice="True", go="next")

    late.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("attempt_result", args=[late.pk])
    assert late.closed_by_deadline and late.score == 0
    assert _saved("quiz-tf") == ""  # the blank answer grading left, not the late one


def test_with_htmx_a_late_answer_sends_the_browser_to_the_result(
    login: Login, student: User, make_quiz: MakeQuiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    late = attempt_start(assignment=make_quiz(time_limit_minutes=5), student=student, now=now)
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))

    response = _post(login(student), late, "quiz-tf", htmx=True, choice="True")

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("attempt_result", args=[late.pk])


def test_an_answer_after_submitting_changes_nothing(
    login: Login, student: User, attempt: Attempt
) -> None:
    attempt_submit(attempt=attempt, now=timezone.now())

    response = _post(login(student), attempt, "quiz-tf", choice="True", go="next", follow=True)

    assert "can no longer change" in response.content.decode()
    assert _saved("quiz-tf") == ""


def test_a_post_without_a_csrf_token_is_refused(student: User, attempt: Attempt) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    assert _post(client, attempt, "quiz-tf", choice="True").status_code == 403
    assert not AttemptAnswer.objects.exists()
