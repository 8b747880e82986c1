"""/join/ (type a code) and /join/<code>/ (a join link: GET confirms, POST joins)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Classroom, Membership

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
JOIN = reverse("class_join")


def _link(code: str) -> str:
    return reverse("class_join_code", args=[code])


def _members(classroom: Classroom) -> set[str]:
    return set(
        Membership.objects.filter(classroom=classroom).values_list("student__username", flat=True)
    )


# /join/


def test_joining_redirects_anonymous_users_to_log_in(client: Client, classroom: Classroom) -> None:
    response = client.post(JOIN, {"code": classroom.join_code})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _members(classroom) == {"sam"}


def test_the_join_page_shows_a_labelled_code_field(login: Login, other_student: User) -> None:
    response = login(other_student).get(JOIN)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_code">Join code:</label>' in html
    assert f'method="post" action="{JOIN}"' in html


def test_a_student_joins_with_a_loosely_typed_code_and_lands_on_the_class(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    code = classroom.join_code
    typed = f" {code[:4].lower()} - {code[4:].lower()} "

    response = login(other_student).post(JOIN, {"code": typed}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("class_detail", args=[classroom.pk])
    assert "You joined Haematology 101." in response.content.decode()
    assert _members(classroom) == {"sam", "olga"}


def test_a_wrong_code_comes_back_with_a_clear_message_at_status_200(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    response = login(other_student).post(JOIN, {"code": "WRONG-123"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "No class has that code." in html
    assert 'value="WRONG-123"' in html  # kept, so it can be corrected
    assert _members(classroom) == {"sam"}


def test_an_empty_code_comes_back_at_status_200(login: Login, other_student: User) -> None:
    response = login(other_student).post(JOIN, {"code": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_joining_twice_is_harmless(login: Login, student: User, classroom: Classroom) -> None:
    response = login(student).post(JOIN, {"code": classroom.join_code}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("class_detail", args=[classroom.pk])
    assert "You are already in Haematology 101." in response.content.decode()
    assert Membership.objects.filter(classroom=classroom, student=student).count() == 1


def test_an_instructor_cannot_join_their_own_class(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    response = login(instructor).post(JOIN, {"code": classroom.join_code})

    assert response.status_code == 200
    assert "You teach this class, so you cannot join it as a student." in response.content.decode()
    assert _members(classroom) == {"sam"}


def test_joining_refuses_other_methods_with_405(login: Login, student: User) -> None:
    assert login(student).put(JOIN).status_code == 405


def test_joining_without_a_csrf_token_is_refused(other_student: User, classroom: Classroom) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_student)

    assert client.post(JOIN, {"code": classroom.join_code}).status_code == 403
    assert _members(classroom) == {"sam"}


def test_script_in_a_typed_code_is_escaped(login: Login, other_student: User) -> None:
    html = login(other_student).post(JOIN, {"code": "<script>x</script>"}).content.decode()

    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


# /join/<code>/


def test_a_join_link_sends_anonymous_users_to_log_in_and_back(
    client: Client, classroom: Classroom
) -> None:
    response = client.get(_link(classroom.join_code))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"] and classroom.join_code in response["Location"]


def test_a_join_link_get_shows_the_class_and_a_join_button_and_changes_nothing(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    response = login(other_student).get(_link(classroom.join_code))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Join “Haematology 101”?" in html and "Taught by ines" in html
    assert f'method="post" action="{_link(classroom.join_code)}"' in html
    assert ">Join Haematology 101</button>" in html
    assert _members(classroom) == {"sam"}


def test_a_join_link_post_joins(login: Login, other_student: User, classroom: Classroom) -> None:
    response = login(other_student).post(_link(classroom.join_code))

    assert response.status_code == 302
    assert response["Location"] == reverse("class_detail", args=[classroom.pk])
    assert _members(classroom) == {"sam", "olga"}


def test_a_join_link_works_in_lower_case_and_with_a_dash(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    code = classroom.join_code
    client = login(other_student)

    assert client.get(_link(f"{code[:4]}-{code[4:]}".lower())).status_code == 200
    client.post(_link(code.lower()))

    assert _members(classroom) == {"sam", "olga"}


def test_a_member_following_the_link_is_told_they_are_in_already(
    login: Login, student: User, classroom: Classroom
) -> None:
    html = login(student).get(_link(classroom.join_code)).content.decode()

    assert "You are already in this class." in html
    assert "<button" not in html.split("<main", 1)[1]


def test_the_instructor_following_their_own_link_gets_no_join_button(
    login: Login, instructor: User, classroom: Classroom
) -> None:
    client = login(instructor)

    html = client.get(_link(classroom.join_code)).content.decode()
    assert "You teach this class" in html
    assert "<button" not in html.split("<main", 1)[1]

    response = client.post(_link(classroom.join_code))
    assert response.status_code == 200
    assert "You teach this class, so you cannot join it" in response.content.decode()
    assert _members(classroom) == {"sam"}


def test_a_dead_link_is_a_404_that_offers_the_code_form(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    response = login(other_student).get(_link("NOPE2345"))

    html = response.content.decode()
    assert response.status_code == 404
    assert "This join link does not work any more" in html
    assert f'action="{JOIN}"' in html


def test_a_join_link_refuses_other_methods_with_405(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    assert login(other_student).put(_link(classroom.join_code)).status_code == 405


def test_a_join_link_post_without_a_csrf_token_is_refused(
    other_student: User, classroom: Classroom
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_student)

    assert client.post(_link(classroom.join_code)).status_code == 403
    assert _members(classroom) == {"sam"}


def test_script_in_the_class_name_and_the_link_is_escaped(
    login: Login, other_student: User, classroom: Classroom
) -> None:
    classroom.name = "<script>alert(1)</script>"
    classroom.save()
    client = login(other_student)

    html = client.get(_link(classroom.join_code)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    dead = client.get(_link("<img src=x onerror=alert(1)>")).content.decode()
    assert "<img src=x" not in dead
    assert "&lt;img src=x onerror=alert(1)&gt;" in dead
