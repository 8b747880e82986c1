from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.models import Bank

pytestmark = pytest.mark.django_db

MakeBank = Callable[..., Bank]
Login = Callable[[User], Client]


def _url(bank: Bank) -> str:
    return reverse("bank_publish", args=[bank.slug])


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_bank: MakeBank) -> None:
    bank = make_bank(is_published=False)

    response = client.post(_url(bank))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    bank.refresh_from_db()
    assert not bank.is_published


def test_the_owner_publishes_their_draft(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor, is_published=False)

    response = login(instructor).post(_url(bank), {"action": "publish"})

    assert response.status_code == 302
    assert response["Location"] == reverse("bank_detail", args=[bank.slug])
    bank.refresh_from_db()
    assert bank.is_published


def test_the_owner_can_unpublish(login: Login, instructor: User, make_bank: MakeBank) -> None:
    bank = make_bank(owner=instructor, is_published=True)

    login(instructor).post(_url(bank), {"action": "unpublish"})

    bank.refresh_from_db()
    assert not bank.is_published


def test_it_404s_for_another_users_bank(
    login: Login, instructor: User, other_instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=other_instructor, is_published=False)

    assert login(instructor).post(_url(bank)).status_code == 404
    bank.refresh_from_db()
    assert not bank.is_published


def test_it_404s_for_a_site_bank(login: Login, instructor: User, make_bank: MakeBank) -> None:
    bank = make_bank(owner=None, is_published=True)

    assert login(instructor).post(_url(bank), {"action": "unpublish"}).status_code == 404
    bank.refresh_from_db()
    assert bank.is_published


def test_it_refuses_get(login: Login, instructor: User, make_bank: MakeBank) -> None:
    bank = make_bank(owner=instructor, is_published=False)

    assert login(instructor).get(_url(bank)).status_code == 405
