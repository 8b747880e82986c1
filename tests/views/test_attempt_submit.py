from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt, AttemptAnswer, Membership, Question, ReviewLog
from learning.services.attempts import attempt_answer, attempt_start

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeQuiz = Callable[..., Assignment]


@pytest.fixture
def attempt(make_quiz: MakeQuiz, student: User) -> Attempt:
    return attempt_start(assignment=make_quiz(), student=student, now=timezone.now())


def _answer(attempt: Attempt, key: str, given: str) -> None:
    question = Question.objects.get(key=key)
    attempt_answer(attempt=attempt, question=question, given=given, now=timezone.now())


def _url(attempt: Attempt) -> str:
    return reverse("attempt_submit", args=[attempt.pk])


def test_it_redirects_anonymous_users_to_log_in(client: Client, attempt: Attempt) -> None:
    response = client.post(_url(attempt))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    attempt.refresh_from_db()
    assert not attempt.is_submitted


def test_it_refuses_a_get_with_405(login: Login, student: User, attempt: Attempt) -> None:
    assert login(student).get(_url(attempt)).status_code == 405


def test_submitting_another_students_attempt_is_a_404(
    login: Login, other_student: User, attempt: Attempt
) -> None:
    Membership.objects.create(classroom=attempt.assignment.classroom, student=other_student)

    assert login(other_student).post(_url(attempt)).status_code == 404
    attempt.refresh_from_db()
    assert not attempt.is_submitted


def test_submitting_grades_on_the_server_and_shows_the_result(
    login: Login, student: User, attempt: Attempt
) -> None:
    _answer(attempt, "quiz-mcq", "Crow-Fukase syndrome")
    _answer(attempt, "quiz-tf", "False")

    response = login(student).post(_url(attempt), follow=True)

    attempt.refresh_from_db()
    assert response.redirect_chain == [(reverse("attempt_result", args=[attempt.pk]), 302)]
    assert (attempt.score, attempt.max_score, attempt.closed_by_deadline) == (1, 5, False)
    assert "Your answers were submitted." in response.content.decode()
    assert ReviewLog.objects.filter(user=student, source="quiz").count() == 2


def test_a_posted_score_is_never_trusted(login: Login, student: User, attempt: Attempt) -> None:
    _answer(attempt, "quiz-tf", "False")

    login(student).post(
        _url(attempt),
        {"score": "5", "max_score": "5", "is_correct": "true", "closed_by_deadline": ""},
    )

    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score) == (0, 5)
    assert not AttemptAnswer.objects.filter(is_correct=True).exists()


def test_a_second_submit_changes_nothing(login: Login, student: User, attempt: Attempt) -> None:
    client = login(student)
    client.post(_url(attempt))
    attempt.refresh_from_db()
    first = attempt.submitted_at

    response = client.post(_url(attempt), follow=True)

    attempt.refresh_from_db()
    assert attempt.submitted_at == first
    assert "This attempt was submitted already." in response.content.decode()
    assert AttemptAnswer.objects.count() == 5


def test_submitting_after_the_time_limit_counts_only_what_was_saved_in_time(
    login: Login, student: User, make_quiz: MakeQuiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    late = attempt_start(assignment=make_quiz(time_limit_minutes=5), student=student, now=now)
    _answer(late, "quiz-tf", "True")
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=30))
    client = login(student)

    client.post(
        reverse("attempt_answer", args=[late.pk]),
        {
            "question": str(Question.objects.get(key="quiz-mcq").pk),
            "choice": "Crow-Fukase syndrome",
        },
    )
    response = client.post(_url(late), follow=True)

    late.refresh_from_db()
    assert late.closed_by_deadline
    assert late.submitted_at == now + timedelta(minutes=5)
    assert late.score == 1
    assert "Time is up" in response.content.decode()


def test_a_post_without_a_csrf_token_is_refused(student: User, attempt: Attempt) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    assert client.post(_url(attempt)).status_code == 403
    attempt.refresh_from_db()
    assert not attempt.is_submitted
