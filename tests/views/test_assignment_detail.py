from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Bank, StudySettings
from learning.services.attempts import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeQuiz = Callable[..., Assignment]


def _url(quiz: Assignment) -> str:
    return reverse("assignment_detail", args=[quiz.pk])


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_quiz: MakeQuiz) -> None:
    response = client.get(_url(make_quiz()))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_student_of_the_class_gets_a_404(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    assert login(student).get(_url(make_quiz())).status_code == 404


def test_another_instructor_gets_a_404(
    login: Login, other_instructor: User, make_quiz: MakeQuiz
) -> None:
    assert login(other_instructor).get(_url(make_quiz())).status_code == 404


def test_it_refuses_a_post_with_405(login: Login, instructor: User, make_quiz: MakeQuiz) -> None:
    assert login(instructor).post(_url(make_quiz())).status_code == 405


def test_the_instructor_sees_the_settings_in_their_zone_the_questions_and_the_links(
    login: Login, instructor: User, student: User, make_quiz: MakeQuiz
) -> None:
    StudySettings.objects.create(user=instructor, time_zone="Asia/Tokyo")
    quiz = make_quiz(
        due_at=datetime(2030, 5, 1, 3, 0, tzinfo=UTC),
        time_limit_minutes=25,
        categories=["synonyms"],
        show_answers=Assignment.SHOW_NEVER,
    )
    attempt_submit(
        attempt=attempt_start(assignment=quiz, student=student, now=timezone.now()),
        now=timezone.now(),
    )

    response = login(instructor).get(_url(quiz))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Wed 1 May 2030, 12:00 JST" in html
    assert "Asia/Tokyo" in html
    assert "25 minutes" in html
    assert "Synonyms" in html
    assert "Never" in html
    assert "1 student started · 1 attempt submitted" in html
    assert reverse("assignment_edit", args=[quiz.pk]) in html
    assert "Which is another name for POEMS syndrome?" in html


def test_question_text_is_escaped(
    login: Login, instructor: User, make_quiz: MakeQuiz, quiz_bank: Bank
) -> None:
    quiz_bank.questions.filter(key="quiz-mcq").update(prompt="<script>alert(1)</script>?")

    html = login(instructor).get(_url(make_quiz())).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;?" in html
