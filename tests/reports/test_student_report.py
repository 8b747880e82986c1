"""One student's report: attempts per assignment with score and time, and their memory."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Assignment, Attempt, CardState, Classroom, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def _url(classroom: Classroom, user: User) -> str:
    return reverse("student_report", args=[classroom.pk, user.pk])


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_it_lists_each_attempt_with_its_score_and_time_taken(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_attempt: Callable[..., Attempt],
) -> None:
    quiz = make_assignment(classroom, title="Week 1", attempts_allowed=2)
    make_assignment(classroom, title="Week 2", due_at=quiz.due_at + timedelta(days=7))
    first = Question.objects.get(pk=quiz.fixed_question_ids[0])
    make_attempt(quiz, student, {}, number=1, minutes=65)
    make_attempt(quiz, student, {first.pk: (first.answer, True)}, number=2, minutes=4)

    text = _text(login(instructor).get(_url(classroom, student)).content.decode())

    assert "Week 1 Submitted Best: 1/3 (33.3 %) · 2 of 2 attempts" in text
    assert re.search(
        r"1 \d+ \w+ \d{4}, \d\d:\d\d \d+ \w+ \d{4}, \d\d:\d\d 0/3 \(0 %\) 1 h 5 min", text
    )
    assert re.search(r"2 .* 1/3 \(33.3 %\) 4 min", text)
    assert "Week 2 Not started 0 of 1 attempt" in text
    assert "No attempt yet." in text


def test_an_attempt_closed_by_its_time_limit_says_so_and_took_until_its_deadline(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_attempt: Callable[..., Attempt],
) -> None:
    quiz = make_assignment(classroom, time_limit_minutes=30)
    started = timezone.now() - timedelta(hours=2)
    # Closed when the next page noticed, 50 minutes in; the limit ended it at 30.
    make_attempt(
        quiz,
        student,
        started_at=started,
        minutes=50,
        deadline=started + timedelta(minutes=30),
        closed_by_deadline=True,
    )

    text = _text(login(instructor).get(_url(classroom, student)).content.decode())

    assert "(closed by the time limit)" in text
    assert "0/3 (0 %) 30 min" in text


def test_it_shows_what_the_student_remembers_per_category_of_the_class_material(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_card: Callable[..., CardState],
) -> None:
    quiz = make_assignment(classroom, categories=["symptoms", "synonyms"], question_count=2)
    questions = {q.key: q for q in quiz.bank.questions.all()}
    make_card(student, questions["sym-1"], stability=30, days_ago=1)  # recalled
    make_card(student, questions["sym-2"], stability=1, days_ago=10)  # forgotten, overdue
    make_card(student, questions["acr-1"], stability=30, days_ago=1)  # not in the material

    text = _text(login(instructor).get(_url(classroom, student)).content.decode())

    assert "Overall: 1 of 3 (33 %) · 1 card overdue" in text
    assert "Synonyms 0 of 1 0 %" in text
    assert "Symptoms 1 of 2 50 %" in text
    assert "Acronym" not in text


def test_it_404s_for_someone_who_is_not_a_member_of_the_class(
    login: Login,
    instructor: User,
    other_student: User,
    classroom: Classroom,
) -> None:
    client = login(instructor)

    assert client.get(_url(classroom, other_student)).status_code == 404
    assert client.get(reverse("student_report", args=[classroom.pk, 99999])).status_code == 404


def test_it_404s_for_a_student_of_another_instructors_class(
    login: Login,
    instructor: User,
    other_instructor: User,
    student: User,
    classroom: Classroom,
) -> None:
    other = Classroom.objects.create(name="Other", instructor=other_instructor)

    # The student is in the instructor's own class, but the URL names another class.
    assert login(instructor).get(_url(other, student)).status_code == 404
