"""/classes/ (the list, with the create and join forms) and /classes/new/ (create)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Classroom, Membership

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
LIST = reverse("class_list")
CREATE = reverse("class_create")


def test_the_list_redirects_anonymous_users_to_log_in(client: Client) -> None:
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_creating_redirects_anonymous_users_to_log_in(client: Client) -> None:
    response = client.post(CREATE, {"name": "Sneaky"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Classroom.objects.exists()


def test_a_student_sees_the_classes_they_joined_and_a_join_form_but_no_create_form(
    login: Login, student: User, classroom: Classroom
) -> None:
    response = login(student).get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Haematology 101" in html and "Taught by ines" in html
    assert f'href="{reverse("class_detail", args=[classroom.pk])}"' in html
    assert f'action="{reverse("class_join")}"' in html
    assert CREATE not in html
    assert "Classes you teach" not in html


def test_a_student_who_joined_nothing_is_told_so(login: Login, other_student: User) -> None:
    html = login(other_student).get(LIST).content.decode()

    assert "You have not joined a class yet." in html


def test_an_instructor_sees_only_their_own_classes_with_student_counts(
    login: Login, instructor: User, other_instructor: User, classroom: Classroom
) -> None:
    Classroom.objects.create(name="Omar's class", instructor=other_instructor)

    html = login(instructor).get(LIST).content.decode()

    assert "Classes you teach" in html
    assert "Haematology 101" in html and "1 student<" in html
    assert "Omar" not in html
    assert f'action="{CREATE}"' in html


def test_the_list_says_which_page_the_nav_is_on(login: Login, student: User) -> None:
    html = login(student).get(LIST).content.decode()

    assert f'<a href="{LIST}" aria-current="page">Classes</a>' in html


def test_every_signed_in_page_links_to_classes(login: Login, student: User) -> None:
    html = login(student).get(reverse("bank_list")).content.decode()

    assert f'<a href="{LIST}">Classes</a>' in html


def test_the_list_runs_a_fixed_number_of_queries(
    login: Login,
    instructor: User,
    student: User,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(30):
        room = Classroom.objects.create(name=f"Class {n}", instructor=instructor)
        Membership.objects.create(classroom=room, student=student)
    client = login(instructor)

    with django_assert_max_num_queries(6):
        response = client.get(LIST)

    assert response.content.decode().count('class="class-item"') == 30


def test_the_list_refuses_post_with_405(login: Login, student: User) -> None:
    assert login(student).post(LIST).status_code == 405


def test_an_instructor_creates_a_class_and_lands_on_it_with_its_code(
    login: Login, instructor: User
) -> None:
    response = login(instructor).post(CREATE, {"name": "  Renal medicine  "}, follow=True)

    classroom = Classroom.objects.get()
    assert (classroom.name, classroom.instructor) == ("Renal medicine", instructor)
    assert response.redirect_chain[-1][0] == reverse("class_detail", args=[classroom.pk])
    html = response.content.decode()
    assert (
        f"Students join with the code {classroom.join_code[:4]}-{classroom.join_code[4:]}" in html
    )


def test_the_create_page_shows_the_form(login: Login, instructor: User) -> None:
    response = login(instructor).get(CREATE)

    assert response.status_code == 200
    assert '<label for="id_name">Class name:</label>' in response.content.decode()


def test_a_blank_name_comes_back_with_a_message_at_status_200(
    login: Login, instructor: User
) -> None:
    response = login(instructor).post(CREATE, {"name": "   "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Classroom.objects.exists()


def test_a_student_cannot_create_a_class(login: Login, student: User) -> None:
    assert login(student).post(CREATE, {"name": "Mine"}).status_code == 404
    assert login(student).get(CREATE).status_code == 404
    assert not Classroom.objects.exists()


def test_creating_refuses_other_methods_with_405(login: Login, instructor: User) -> None:
    assert login(instructor).put(CREATE).status_code == 405


def test_creating_without_a_csrf_token_is_refused(instructor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)

    assert client.post(CREATE, {"name": "No token"}).status_code == 403
    assert not Classroom.objects.exists()


def test_script_in_a_class_name_is_escaped(login: Login, instructor: User, student: User) -> None:
    room = Classroom.objects.create(name="<script>alert(1)</script>", instructor=instructor)
    Membership.objects.create(classroom=room, student=student)

    for user in (instructor, student):
        html = login(user).get(LIST).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
