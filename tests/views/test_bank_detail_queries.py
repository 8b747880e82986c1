"""A bank page costs the same queries at 10 and 1,000 questions, and shows one page of them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from learning.ingestion import DraftQuestion
from learning.models import Bank

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeBank = Callable[..., Bank]
MakeQuestion = Callable[..., DraftQuestion]
SIZES = [10, 1000]
# Session, user, the nav's instructor check, the bank, the categories and types present,
# the count per category, the paginator's count, the page's rows.
READER_QUERIES = 8
# The same, plus the tab counts (active and reserve).
EDITOR_QUERIES = 9


@pytest.fixture
def sized_bank(make_bank: MakeBank, make_question: MakeQuestion) -> Callable[..., Bank]:
    """`size` questions in two categories, one in ten of them in the reserve."""

    def _bank(size: int, *, owner: User | None = None) -> Bank:
        questions = [
            make_question(
                f"q-{i}",
                category="symptoms" if i % 2 else "tests",
                reserve=i % 10 == 0,
                quality=0.2 if i % 10 == 0 else 0.9,
                reasons=["a reason"],
            )
            for i in range(size)
        ]
        return make_bank(owner=owner, questions=questions)

    return _bank


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("query", [{}, {"category": "symptoms", "q": "prompt", "page": "2"}])
def test_a_reader_page_runs_a_fixed_number_of_queries(
    login: Login,
    student: User,
    sized_bank: Callable[..., Bank],
    django_assert_num_queries: Callable[..., object],
    size: int,
    htmx: bool,
    query: dict[str, str],
) -> None:
    bank = sized_bank(size)
    client = login(student)
    headers = {"HX-Request": "true"} if htmx else {}

    with django_assert_num_queries(READER_QUERIES):  # type: ignore[attr-defined]
        response = client.get(reverse("bank_detail", args=[bank.slug]), query, headers=headers)

    assert response.status_code == 200
    # Symptoms are the odd questions, none of them in the reserve: 5 of 10 fit on a page.
    active = size * 9 // 10 if not query else size // 2
    assert response.content.decode().count('<li class="question') == min(25, active)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url_name", ["bank_detail", "bank_reserve"])
def test_an_editor_page_runs_a_fixed_number_of_queries(
    login: Login,
    instructor: User,
    sized_bank: Callable[..., Bank],
    django_assert_num_queries: Callable[..., object],
    size: int,
    url_name: str,
) -> None:
    bank = sized_bank(size, owner=instructor)
    client = login(instructor)

    with django_assert_num_queries(EDITOR_QUERIES):  # type: ignore[attr-defined]
        response = client.get(reverse(url_name, args=[bank.slug]))

    html = response.content.decode()
    in_reserve = size // 10
    shown = min(25, in_reserve if url_name == "bank_reserve" else size - in_reserve)
    assert html.count("/edit/") == shown
    assert f"Reserve ({in_reserve})" in html


def test_a_page_of_a_large_bank_stays_small(
    login: Login, student: User, sized_bank: Callable[..., Bank]
) -> None:
    bank = sized_bank(1000)

    response = login(student).get(reverse("bank_detail", args=[bank.slug]))

    # 25 questions, not 900: the 11,539-question bank used to be an 11.8 MB page.
    assert len(response.content) < 60_000
    assert "900 questions" in response.content.decode()
