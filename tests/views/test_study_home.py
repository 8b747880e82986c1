from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.ingestion import DraftQuestion
from learning.models import Bank

pytestmark = pytest.mark.django_db

MakeBank = Callable[..., Bank]
MakeQuestion = Callable[..., DraftQuestion]
Login = Callable[[User], Client]

URL = reverse("study_home")


def test_it_redirects_anonymous_users_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_a_post_with_405(login: Login, student: User) -> None:
    assert login(student).post(URL).status_code == 405


def test_it_offers_each_visible_bank_with_its_categories_as_a_get_form(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    bank = make_bank(title="POEMS Syndrome")

    html = login(student).get(URL).content.decode()

    assert f'<form class="study-choice" method="get" action="/study/{bank.slug}/">' in html
    for category, label, count in [("acronym", "Acronym", 1), ("symptoms", "Symptoms", 2)]:
        assert f'name="category" value="{category}"' in html
        assert f'{label} <span class="meta">({count})</span>' in html
    assert 'value="prevention"' not in html
    assert "5 questions" in html


def test_it_hides_other_users_unpublished_banks_and_shows_the_learners_own(
    login: Login, student: User, other_student: User, make_bank: MakeBank
) -> None:
    make_bank(title="Their draft", owner=other_student, is_published=False)
    make_bank(title="My draft", owner=student, is_published=False)

    html = login(student).get(URL).content.decode()

    assert "Their draft" not in html
    assert "My draft" in html


def test_a_bank_without_active_questions_is_not_offered(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    make_bank(title="Empty bank", questions=[])

    html = login(student).get(URL).content.decode()

    assert "Empty bank" not in html
    assert "No question banks to study yet." in html


def test_an_htmx_request_gets_only_the_bank_list(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    make_bank(title="POEMS Syndrome")

    response = login(student).get(URL, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="study-banks"')
    assert "POEMS Syndrome" in html


def test_the_study_link_is_in_the_main_navigation(login: Login, student: User) -> None:
    html = login(student).get(reverse("bank_list")).content.decode()

    assert f'<a href="{URL}">Study</a>' in html
