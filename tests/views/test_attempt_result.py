"""The result page: the score always; correct answers only when the assignment's policy says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt, Membership, Question, StudySettings
from learning.services.attempts import attempt_answer, attempt_start, attempt_submit

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeQuiz = Callable[..., Assignment]
SOURCE = "The article sentence behind quiz-typed."


def _submitted(make_quiz: MakeQuiz, student: User, **overrides: Any) -> Attempt:
    now = timezone.now()
    attempt = attempt_start(assignment=make_quiz(**overrides), student=student, now=now)
    typed = Question.objects.get(key="quiz-typed")
    attempt_answer(attempt=attempt, question=typed, given="Plasma cells", now=now)
    mcq = Question.objects.get(key="quiz-mcq")
    attempt_answer(attempt=attempt, question=mcq, given="Crow-Fukase syndrome", now=now)
    return attempt_submit(attempt=attempt, now=now)


def _url(attempt: Attempt) -> str:
    return reverse("attempt_result", args=[attempt.pk])


def test_it_redirects_anonymous_users_to_log_in(
    client: Client, make_quiz: MakeQuiz, student: User
) -> None:
    response = client.get(_url(_submitted(make_quiz, student)))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_students_result_is_a_404(
    login: Login, student: User, other_student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _submitted(make_quiz, student)
    Membership.objects.create(classroom=attempt.assignment.classroom, student=other_student)

    assert login(other_student).get(_url(attempt)).status_code == 404


def test_the_score_is_shown_and_answers_follow_immediately_when_allowed(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _submitted(make_quiz, student, show_answers=Assignment.SHOW_IMMEDIATELY)

    html = login(student).get(_url(attempt)).content.decode()

    assert "1 of 5</strong> correct (20%)" in html
    assert "Correct answer:</strong> Polyneuropathy" in html
    assert "Correct pairs:</strong> Biopsy → plasma cells; X-ray → bone lesions" in html
    assert "Plasma cells" in html and "Wrong" in html
    assert SOURCE in html


def test_before_the_due_date_answers_stay_hidden_and_the_page_says_when_they_come(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    StudySettings.objects.create(user=student, time_zone="Europe/London")
    attempt = _submitted(make_quiz, student, show_answers=Assignment.SHOW_AFTER_DUE)

    html = login(student).get(_url(attempt)).content.decode()

    assert "1 of 5</strong> correct" in html
    assert "The correct answers will be shown after the due date" in html
    assert "Polyneuropathy" not in html
    assert "Correct answer" not in html and "Wrong" not in html
    assert "bone lesions" not in html and SOURCE not in html


def test_after_the_due_date_the_answers_are_shown(
    login: Login, student: User, make_quiz: MakeQuiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt = _submitted(make_quiz, student, show_answers=Assignment.SHOW_AFTER_DUE)
    later = attempt.assignment.due_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    html = login(student).get(_url(attempt)).content.decode()

    assert "Correct answer:</strong> Polyneuropathy" in html


def test_with_never_the_answers_never_show(
    login: Login, student: User, make_quiz: MakeQuiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt = _submitted(make_quiz, student, show_answers=Assignment.SHOW_NEVER)
    later = attempt.assignment.due_at + timedelta(days=30)
    monkeypatch.setattr(timezone, "now", lambda: later)

    html = login(student).get(_url(attempt)).content.decode()

    assert "does not show the correct answers" in html
    assert "Polyneuropathy" not in html and SOURCE not in html


def test_an_attempt_in_progress_goes_back_to_its_questions(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = attempt_start(assignment=make_quiz(), student=student, now=timezone.now())

    response = login(student).get(_url(attempt))

    assert response.status_code == 302
    assert response["Location"] == reverse("attempt_take", args=[attempt.pk]) + "?q=1"


def test_an_expired_attempt_is_closed_and_scored_when_the_result_is_opened(
    login: Login, student: User, make_quiz: MakeQuiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    attempt = attempt_start(assignment=make_quiz(time_limit_minutes=5), student=student, now=now)
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=6))

    html = login(student).get(_url(attempt)).content.decode()

    attempt.refresh_from_db()
    assert attempt.closed_by_deadline and attempt.score == 0
    assert "0 of 5</strong> correct" in html and "when time ran out" in html


def test_a_student_with_attempts_left_can_start_another(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _submitted(make_quiz, student, attempts_allowed=2)

    html = login(student).get(_url(attempt)).content.decode()

    assert reverse("attempt_start", args=[attempt.assignment_id]) in html
    assert "Start attempt 2" in html


def test_a_removed_student_still_sees_their_result(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _submitted(make_quiz, student)
    Membership.objects.filter(student=student).delete()

    assert login(student).get(_url(attempt)).status_code == 200


def test_a_removed_student_is_offered_neither_a_retry_nor_the_class(
    login: Login, student: User, make_quiz: MakeQuiz
) -> None:
    attempt = _submitted(make_quiz, student, attempts_allowed=2)
    Membership.objects.filter(student=student).delete()

    html = login(student).get(_url(attempt)).content.decode()

    assert "Start attempt 2" not in html
    assert reverse("attempt_start", args=[attempt.assignment_id]) not in html
    assert reverse("class_detail", args=[attempt.assignment.classroom_id]) not in html
    assert attempt.assignment.classroom.name in html
