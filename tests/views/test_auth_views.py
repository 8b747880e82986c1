from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"  # the role fixtures' password, see tests/conftest.py


def test_the_login_page_has_labelled_fields(client: Client) -> None:
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">Username:</label>' in html
    assert '<label for="id_password">Password:</label>' in html
    assert '<html lang="en">' in html
    assert 'href="#main"' in html


def test_logging_in_lands_on_the_bank_list(client: Client, student: User) -> None:
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("bank_list")


def test_a_wrong_password_rerenders_the_form_with_a_message(client: Client, student: User) -> None:
    response = client.post(reverse("login"), {"username": "sam", "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_logging_out_needs_a_post(login: Callable[[User], Client], student: User) -> None:
    client = login(student)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("bank_list")).status_code == 302


def test_signing_up_creates_the_user_and_logs_them_in(client: Client) -> None:
    response = client.post(
        reverse("signup"),
        {"username": "newbie", "password1": "pa55-word-long!", "password2": "pa55-word-long!"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("bank_list")
    assert User.objects.filter(username="newbie").exists()
    assert client.get(reverse("bank_list")).status_code == 200


def test_a_bad_sign_up_rerenders_the_form_and_creates_nobody(client: Client) -> None:
    response = client.post(
        reverse("signup"),
        {"username": "newbie", "password1": "pa55-word-long!", "password2": "different"},
    )

    assert response.status_code == 200
    assert "The two password fields didn’t match." in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("lookalike", ["ѕаm", "sаm", "ЅАМ", "ѕam"])
def test_sign_up_refuses_a_look_alike_of_an_existing_username(
    client: Client, student: User, lookalike: str
) -> None:
    response = client.post(
        reverse("signup"),
        {"username": lookalike, "password1": "pa55-word-long!", "password2": "pa55-word-long!"},
    )

    assert response.status_code == 200
    assert "looks too much like one already taken" in response.content.decode()
    assert list(User.objects.values_list("username", flat=True)) == ["sam"]
    assert "_auth_user_id" not in client.session


def test_sign_up_still_takes_a_name_that_only_shares_letters(client: Client, student: User) -> None:
    response = client.post(
        reverse("signup"),
        {"username": "sammy", "password1": "pa55-word-long!", "password2": "pa55-word-long!"},
    )

    assert response.status_code == 302
    assert User.objects.filter(username="sammy").exists()


def test_an_exact_duplicate_gets_the_usual_message_only(client: Client, student: User) -> None:
    response = client.post(
        reverse("signup"),
        {"username": "Sam", "password1": "pa55-word-long!", "password2": "pa55-word-long!"},
    )

    html = response.content.decode()
    assert "A user with that username already exists." in html
    assert "looks too much like" not in html


def test_a_logged_in_user_is_sent_on_from_sign_up(
    login: Callable[[User], Client], student: User
) -> None:
    assert login(student).get(reverse("signup"))["Location"] == reverse("bank_list")


def test_the_sign_up_page_has_labelled_fields(client: Client) -> None:
    html = client.get(reverse("signup")).content.decode()

    assert '<label for="id_username">Username:</label>' in html
    assert '<label for="id_password1">Password:</label>' in html
