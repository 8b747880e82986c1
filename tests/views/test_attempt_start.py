from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt
from learning.services.attempts import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeQuiz = Callable[..., Assignment]


def _url(quiz: Assignment) -> str:
    return reverse("attempt_start", args=[quiz.pk])


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_quiz: MakeQuiz) -> None:
    response = client.post(_url(make_quiz()))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Attempt.objects.exists()


def test_it_refuses_a_get_with_405(login: Login, student: User, make_quiz: MakeQuiz) -> None:
    assert login(student).get(_url(make_quiz())).status_code == 405


def test_a_student_outside_the_class_gets_a_404(
    login: Login, other_student: User, make_quiz: MakeQuiz
) -> None:
    assert login(other_student).post(_url(make_quiz())).status_code == 404
    assert not Attempt.objects.exists()


def test_a_member_starts_and_lands_on_the_first_question(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    response = login(student).post(_url(make_quiz()))

    attempt = Attempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("attempt_take", args=[attempt.pk]) + "?q=1"
    assert attempt.student == student


def test_starting_twice_continues_the_same_attempt(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    client = login(student)
    quiz = make_quiz(attempts_allowed=3)

    first = client.post(_url(quiz))
    second = client.post(_url(quiz))

    assert first["Location"] == second["Location"]
    assert Attempt.objects.count() == 1


def test_before_opening_it_goes_back_to_the_class_page_and_says_why(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    quiz = make_quiz(opens_at=timezone.now() + timedelta(hours=1))

    response = login(student).post(_url(quiz), follow=True)

    assert response.redirect_chain[0][0] == reverse("class_detail", args=[quiz.classroom_id])
    assert "This assignment is not open yet." in response.content.decode()
    assert not Attempt.objects.exists()


def test_after_the_due_date_it_is_refused(login: Login, student: User, make_quiz: MakeQuiz) -> None:
    now = timezone.now()
    quiz = make_quiz(opens_at=now - timedelta(days=2), due_at=now - timedelta(minutes=1))

    response = login(student).post(_url(quiz), follow=True)

    assert "past its due date" in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_second_attempt_beyond_the_limit_is_refused(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    quiz = make_quiz(attempts_allowed=1)
    now = timezone.now()
    attempt_submit(attempt=attempt_start(assignment=quiz, student=student, now=now), now=now)

    response = login(student).post(_url(quiz), follow=True)

    assert "You have used your 1 attempt" in response.content.decode()
    assert Attempt.objects.count() == 1


def test_a_post_without_a_csrf_token_is_refused(student: User, make_quiz: MakeQuiz) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    assert client.post(_url(make_quiz())).status_code == 403
    assert not Attempt.objects.exists()
