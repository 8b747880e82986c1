"""Deleting an assignment: only its instructor, only after confirming, only while no student
has started it (their work is never deleted with it)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt
from learning.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeQuiz = Callable[..., Assignment]


def _url(quiz: Assignment) -> str:
    return reverse("assignment_delete", args=[quiz.pk])


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_quiz: MakeQuiz) -> None:
    quiz = make_quiz()

    response = client.post(_url(quiz))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Assignment.objects.filter(pk=quiz.pk).exists()


@pytest.mark.parametrize("who", ["student", "other_instructor"])
def test_anyone_but_its_instructor_gets_a_404_and_deletes_nothing(
    who: str, login: Login, make_quiz: MakeQuiz, request: pytest.FixtureRequest
) -> None:
    quiz = make_quiz()
    client = login(request.getfixturevalue(who))

    assert client.get(_url(quiz)).status_code == 404
    assert client.post(_url(quiz)).status_code == 404
    assert Assignment.objects.filter(pk=quiz.pk).exists()


def test_it_refuses_other_methods(login: Login, instructor: User, make_quiz: MakeQuiz) -> None:
    assert login(instructor).put(_url(make_quiz())).status_code == 405


def test_the_get_asks_to_confirm_and_deletes_nothing(
    login: Login, instructor: User, make_quiz: MakeQuiz
) -> None:
    quiz = make_quiz(title="<script>alert(1)</script>")

    html = login(instructor).get(_url(quiz)).content.decode()

    assert "Delete “&lt;script&gt;alert(1)&lt;/script&gt;”?" in html
    assert f'action="{_url(quiz)}"' in html
    assert Assignment.objects.filter(pk=quiz.pk).exists()


def test_the_post_deletes_an_assignment_nobody_started(
    login: Login, instructor: User, make_quiz: MakeQuiz
) -> None:
    quiz = make_quiz()

    response = login(instructor).post(_url(quiz), follow=True)

    assert response.redirect_chain[-1][0] == reverse("class_detail", args=[quiz.classroom_id])
    assert f"Assignment “{quiz.title}” deleted." in response.content.decode()
    assert not Assignment.objects.filter(pk=quiz.pk).exists()


def test_a_started_assignment_is_kept_with_its_attempts(
    login: Login, instructor: User, student: User, make_quiz: MakeQuiz
) -> None:
    quiz = make_quiz()
    attempt_start(assignment=quiz, student=student, now=timezone.now())
    client = login(instructor)

    page = client.get(_url(quiz)).content.decode()
    response = client.post(_url(quiz), follow=True)

    assert "cannot be deleted" in page and 'method="post"' not in page.split("<main")[1]
    assert response.redirect_chain[-1][0] == reverse("assignment_detail", args=[quiz.pk])
    assert "Students have started" in response.content.decode()
    assert Assignment.objects.filter(pk=quiz.pk).exists()
    assert Attempt.objects.filter(assignment=quiz).count() == 1


def test_the_assignment_page_offers_delete_only_while_nobody_started(
    login: Login, instructor: User, student: User, make_quiz: MakeQuiz
) -> None:
    quiz = make_quiz()
    client = login(instructor)
    detail = reverse("assignment_detail", args=[quiz.pk])

    before = client.get(detail).content.decode()
    attempt_start(assignment=quiz, student=student, now=timezone.now())
    after = client.get(detail).content.decode()

    assert f'href="{_url(quiz)}"' in before
    assert f'href="{_url(quiz)}"' not in after


def test_a_post_without_its_csrf_token_is_refused(instructor: User, make_quiz: MakeQuiz) -> None:
    quiz = make_quiz()
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(_url(quiz)).status_code == 403
    assert Assignment.objects.filter(pk=quiz.pk).exists()
