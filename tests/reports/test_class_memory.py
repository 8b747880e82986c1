"""Class memory: what each student recalls of the class's material, and who falls behind."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.ingestion import DraftQuestion
from learning.models import Assignment, Bank, CardState, Classroom, Question

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeCard = Callable[..., CardState]


def _url(classroom: Classroom) -> str:
    return reverse("class_memory", args=[classroom.pk])


def _rows(html: str) -> list[str]:
    """Each student's row as text, in page order."""
    rows = re.findall(r'<tr id="student-\d+"[^>]*>(.*?)</tr>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def _remember(make_card: MakeCard, user: User, questions: list[Question]) -> None:
    for question in questions:
        make_card(user, question, stability=30, days_ago=1)


def test_each_student_gets_a_share_per_category_and_those_far_below_the_median_come_first(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_card: MakeCard,
    make_user: Callable[..., User],
    join: Callable[..., None],
) -> None:
    quiz = make_assignment(classroom)
    q = {question.key: question for question in quiz.bank.questions.all()}
    amy, ben, cleo = make_user("amy"), make_user("ben"), make_user("cleo")
    join(classroom, amy, ben, cleo)
    _remember(make_card, student, [q["acr-1"], q["syn-1"], q["sym-1"], q["sym-2"]])  # 80 %
    _remember(make_card, amy, [q["acr-1"], q["sym-1"], q["tst-1"]])  # 60 %
    _remember(make_card, ben, [q["syn-1"], q["sym-1"], q["sym-2"]])  # 60 %
    make_card(cleo, q["acr-1"], stability=2, days_ago=12)  # 0 %, forgotten and overdue

    html = login(instructor).get(_url(classroom)).content.decode()

    assert "Class median: 60 % of 5 questions · 1 student falling behind." in html
    assert _rows(html) == [
        "cleo Falling behind 0 % (0) 0 % 0 % 0 % 0 % 1",
        "amy 60 % (3) 100 % 0 % 50 % 100 % 0",
        "ben 60 % (3) 0 % 100 % 100 % 0 % 0",
        "sam 80 % (4) 100 % 100 % 100 % 0 % 0",
    ]
    header = re.search(r"<thead>(.*?)</thead>", html, re.S)
    assert header
    assert " ".join(re.sub(r"<[^>]+>", " ", header.group(1)).split()) == (
        "Student Overall Acronym (1) Synonyms (1) Symptoms (2) Tests (1) Overdue cards"
    )


def test_nobody_falls_behind_when_the_gap_to_the_median_is_under_20_points(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_card: MakeCard,
    make_user: Callable[..., User],
    join: Callable[..., None],
) -> None:
    quiz = make_assignment(classroom)
    questions = list(quiz.bank.questions.order_by("position"))
    amy = make_user("amy")
    join(classroom, amy)
    _remember(make_card, student, questions[:1])  # 20 %; the median of 20 and 0 is 10
    html = login(instructor).get(_url(classroom)).content.decode()

    assert "0 students falling behind" in html
    assert "Falling behind</span>" not in html


def test_the_material_is_each_assignments_bank_in_its_categories_without_retired_questions(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
    make_card: MakeCard,
) -> None:
    first = make_assignment(classroom, categories=["symptoms"], question_count=1)
    other_bank = make_bank(
        questions=[
            make_question("t1", category="treatments"),
            make_question("t2", category="treatments"),
        ]
    )
    make_assignment(classroom, bank=other_bank, question_count=2)
    symptoms = list(first.bank.questions.filter(category="symptoms"))
    retired, kept = other_bank.questions.order_by("key")
    Question.objects.filter(pk=retired.pk).update(retired_at=timezone.now())
    outside = first.bank.questions.get(key="acr-1")
    _remember(make_card, student, [*symptoms, retired, kept, outside])

    html = login(instructor).get(_url(classroom)).content.decode()

    assert "of 3 questions" in html  # two symptoms, one active treatment
    assert _rows(html) == ["sam 100 % (3) 100 % 100 % 0"]
    assert "Acronym" not in html


def test_without_assignments_there_is_no_material(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    html = login(instructor).get(_url(classroom)).content.decode()

    assert "No assignments yet" in html
    assert "<table" not in html


def test_names_are_escaped(
    login: Login,
    instructor: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
    make_user: Callable[..., User],
    join: Callable[..., None],
) -> None:
    make_assignment(classroom)
    join(classroom, make_user("<script>alert(1)</script>"))

    html = login(instructor).get(_url(classroom)).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
