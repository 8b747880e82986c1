"""The reports are reachable from the pages an instructor already uses."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Assignment, Classroom

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def test_the_class_page_links_to_the_gradebook_class_memory_and_each_students_report(
    login: Login, instructor: User, student: User, classroom: Classroom
) -> None:
    html = login(instructor).get(reverse("class_detail", args=[classroom.pk])).content.decode()

    assert f'href="{reverse("gradebook", args=[classroom.pk])}">Gradebook<' in html
    assert f'href="{reverse("class_memory", args=[classroom.pk])}">Class memory<' in html
    assert f'href="{reverse("student_report", args=[classroom.pk, student.pk])}"' in html


def test_the_assignment_page_links_to_its_item_analysis(
    login: Login,
    instructor: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
) -> None:
    quiz = make_assignment(classroom)

    html = login(instructor).get(reverse("assignment_detail", args=[quiz.pk])).content.decode()

    assert f'href="{reverse("item_analysis", args=[quiz.pk])}">Item analysis<' in html


def test_a_student_sees_no_report_links_on_the_class_page(
    login: Login, student: User, classroom: Classroom
) -> None:
    html = login(student).get(reverse("class_detail", args=[classroom.pk])).content.decode()

    assert reverse("gradebook", args=[classroom.pk]) not in html
    assert reverse("class_memory", args=[classroom.pk]) not in html
