from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Bank

pytestmark = pytest.mark.django_db

URL = reverse("bank_list")


def test_it_redirects_anonymous_users_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_published_banks_with_their_question_counts(
    login: Callable[[User], Client], student: User, make_bank: Callable[..., Bank]
) -> None:
    bank = make_bank(slug="poems", title="POEMS Syndrome")

    response = login(student).get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("bank_detail", args=[bank.slug])}"' in html
    assert "POEMS Syndrome" in html
    assert "5 questions" in html


def test_it_hides_other_users_drafts_but_shows_the_users_own(
    login: Callable[[User], Client],
    instructor: User,
    other_instructor: User,
    make_bank: Callable[..., Bank],
) -> None:
    make_bank(slug="mine", title="My draft", owner=instructor, is_published=False)
    make_bank(slug="theirs", title="Their draft", owner=other_instructor, is_published=False)

    html = login(instructor).get(URL).content.decode()

    assert "My draft" in html
    assert "Their draft" not in html


def test_instructors_see_the_upload_link(login: Callable[[User], Client], instructor: User) -> None:
    html = login(instructor).get(URL).content.decode()

    assert "Upload an article" in html
    assert f'href="{reverse("bank_upload")}"' in html


def test_students_do_not_see_the_upload_link(
    login: Callable[[User], Client], student: User
) -> None:
    html = login(student).get(URL).content.decode()

    assert "Upload an article" not in html
    assert reverse("bank_upload") not in html


def test_it_counts_questions_in_one_query_however_many_banks(
    login: Callable[[User], Client],
    student: User,
    make_bank: Callable[..., Bank],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(15):
        make_bank(slug=f"bank-{n}")
    client = login(student)

    # Session, user, instructor check, banks with counts.
    with django_assert_max_num_queries(5):
        response = client.get(URL)

    assert response.content.decode().count('class="bank-item"') == 15


def test_it_refuses_post(login: Callable[[User], Client], student: User) -> None:
    assert login(student).post(URL).status_code == 405
