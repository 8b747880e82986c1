"""Every report is the class's instructor's alone: anyone else is sent to log in or gets a 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Assignment, Classroom

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
REPORTS = ["gradebook", "gradebook_csv", "student_report", "item_analysis", "class_memory"]


@pytest.fixture
def urls(
    classroom: Classroom, student: User, make_assignment: Callable[..., Assignment]
) -> dict[str, str]:
    quiz = make_assignment(classroom)
    return {
        "gradebook": reverse("gradebook", args=[classroom.pk]),
        "gradebook_csv": reverse("gradebook_csv", args=[classroom.pk]),
        "student_report": reverse("student_report", args=[classroom.pk, student.pk]),
        "item_analysis": reverse("item_analysis", args=[quiz.pk]),
        "class_memory": reverse("class_memory", args=[classroom.pk]),
    }


@pytest.mark.parametrize("name", REPORTS)
def test_anonymous_visitors_are_sent_to_log_in(
    name: str, client: Client, urls: dict[str, str]
) -> None:
    response = client.get(urls[name])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", REPORTS)
def test_the_classs_instructor_reads_it(
    name: str, login: Login, instructor: User, urls: dict[str, str]
) -> None:
    assert login(instructor).get(urls[name]).status_code == 200


@pytest.mark.parametrize("name", REPORTS)
def test_a_student_of_the_class_gets_a_404(
    name: str, login: Login, student: User, urls: dict[str, str]
) -> None:
    assert login(student).get(urls[name]).status_code == 404


@pytest.mark.parametrize("name", REPORTS)
def test_another_instructor_gets_a_404(
    name: str, login: Login, other_instructor: User, urls: dict[str, str]
) -> None:
    assert login(other_instructor).get(urls[name]).status_code == 404


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(
    name: str, method: str, login: Login, instructor: User, urls: dict[str, str]
) -> None:
    response = getattr(login(instructor), method)(urls[name])

    assert response.status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        reverse("gradebook", args=[999999]),
        reverse("gradebook_csv", args=[999999]),
        reverse("class_memory", args=[999999]),
        reverse("item_analysis", args=[999999]),
        reverse("student_report", args=[999999, 1]),
    ],
)
def test_an_unknown_id_is_a_404(url: str, login: Login, instructor: User) -> None:
    assert login(instructor).get(url).status_code == 404


def test_a_student_id_too_large_for_the_database_is_a_404(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    url = reverse("student_report", args=[classroom.pk, 10**25])

    assert login(instructor).get(url).status_code == 404
