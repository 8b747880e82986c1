"""Rotating a class's join code and removing a student: the instructor's alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Assignment, Attempt, Classroom, Membership

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def _rotate(classroom: Classroom) -> str:
    return reverse("class_rotate_code", args=[classroom.pk])


def _remove(classroom: Classroom, student: User) -> str:
    return reverse("class_remove_student", args=[classroom.pk, student.pk])


def _code(classroom: Classroom) -> str:
    return Classroom.objects.get(pk=classroom.pk).join_code


# Rotate the code


def test_rotating_redirects_anonymous_users_to_log_in(client: Client, classroom: Classroom) -> None:
    response = client.post(_rotate(classroom))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _code(classroom) == classroom.join_code


@pytest.mark.parametrize("who", ["student", "other_student", "other_instructor"])
def test_rotating_is_a_404_for_anyone_but_the_instructor(
    who: str, request: pytest.FixtureRequest, login: Login, classroom: Classroom
) -> None:
    user = request.getfixturevalue(who)

    assert login(user).post(_rotate(classroom)).status_code == 404
    assert _code(classroom) == classroom.join_code


def test_rotating_refuses_get_with_405(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    assert login(instructor).get(_rotate(classroom)).status_code == 405
    assert _code(classroom) == classroom.join_code


def test_rotating_without_a_csrf_token_is_refused(instructor: User, classroom: Classroom) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(_rotate(classroom)).status_code == 403
    assert _code(classroom) == classroom.join_code


def test_the_instructor_rotates_the_code_and_the_old_one_stops_working(
    login: Login, instructor: User, other_student: User, classroom: Classroom
) -> None:
    old = classroom.join_code

    response = login(instructor).post(_rotate(classroom), follow=True)

    new = _code(classroom)
    assert new != old
    assert response.redirect_chain[-1][0] == reverse("class_detail", args=[classroom.pk])
    html = response.content.decode()
    assert f"New join code: {new[:4]}-{new[4:]}" in html
    assert f'<p class="join-code" id="join-code">{new[:4]}-{new[4:]}</p>' in html

    student_client = login(other_student)
    assert student_client.get(reverse("class_join_code", args=[old])).status_code == 404
    refused = student_client.post(reverse("class_join"), {"code": old})
    assert "No class has that code" in refused.content.decode()
    assert not Membership.objects.filter(student=other_student).exists()


# Remove a student


def test_removing_redirects_anonymous_users_to_log_in(
    client: Client, student: User, classroom: Classroom
) -> None:
    response = client.post(_remove(classroom, student))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Membership.objects.filter(student=student).exists()


@pytest.mark.parametrize("who", ["student", "other_student", "other_instructor"])
def test_removing_is_a_404_for_anyone_but_the_instructor(
    who: str,
    request: pytest.FixtureRequest,
    login: Login,
    student: User,
    classroom: Classroom,
) -> None:
    client = login(request.getfixturevalue(who))

    assert client.get(_remove(classroom, student)).status_code == 404
    assert client.post(_remove(classroom, student)).status_code == 404
    assert Membership.objects.filter(student=student).exists()


def test_removing_someone_not_in_the_class_is_a_404(
    login: Login, instructor: User, other_student: User, classroom: Classroom
) -> None:
    assert login(instructor).post(_remove(classroom, other_student)).status_code == 404


def test_the_get_only_asks_for_confirmation(
    login: Login, instructor: User, student: User, classroom: Classroom
) -> None:
    response = login(instructor).get(_remove(classroom, student))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Remove sam from “Haematology 101”?" in html
    assert f'method="post" action="{_remove(classroom, student)}"' in html
    assert Membership.objects.filter(student=student).exists()


def test_removing_refuses_other_methods_with_405(
    login: Login, instructor: User, student: User, classroom: Classroom
) -> None:
    assert login(instructor).delete(_remove(classroom, student)).status_code == 405


def test_removing_without_a_csrf_token_is_refused(
    instructor: User, student: User, classroom: Classroom
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(_remove(classroom, student)).status_code == 403
    assert Membership.objects.filter(student=student).exists()


def test_the_instructor_removes_a_student_who_keeps_their_attempts_but_loses_access(
    login: Login,
    instructor: User,
    student: User,
    classroom: Classroom,
    make_assignment: Callable[..., Assignment],
) -> None:
    assignment = make_assignment(classroom)
    Attempt.objects.create(
        assignment=assignment,
        student=student,
        number=1,
        started_at=assignment.opens_at,
        deadline=assignment.opens_at + timedelta(minutes=30),
    )

    response = login(instructor).post(_remove(classroom, student), follow=True)

    assert response.redirect_chain[-1][0] == reverse("class_detail", args=[classroom.pk])
    assert "sam was removed from Haematology 101" in response.content.decode()
    assert not Membership.objects.filter(student=student).exists()
    assert Attempt.objects.filter(student=student, assignment=assignment).exists()
    assert login(student).get(reverse("class_detail", args=[classroom.pk])).status_code == 404


def test_script_in_a_class_name_is_escaped_on_the_confirmation_page(
    login: Login, instructor: User, student: User, classroom: Classroom
) -> None:
    classroom.name = "<script>alert(1)</script>"
    classroom.save()

    html = login(instructor).get(_remove(classroom, student)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_removing_an_id_too_large_for_the_database_is_a_404(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    url = reverse("class_remove_student", args=[classroom.pk, 10**25])
    client = login(instructor)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
