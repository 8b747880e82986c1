from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Bank, Question

pytestmark = pytest.mark.django_db

MakeBank = Callable[..., Bank]
Login = Callable[[User], Client]


def _url(bank: Bank) -> str:
    return reverse("bank_detail", args=[bank.slug])


def test_it_redirects_anonymous_users_to_log_in(client: Client, make_bank: MakeBank) -> None:
    response = client.get(_url(make_bank()))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_any_user_can_read_a_published_bank(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    response = login(student).get(_url(make_bank()))

    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_the_owner_can_read_their_draft_bank(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor, is_published=False)

    assert login(instructor).get(_url(bank)).status_code == 200


def test_it_404s_for_another_users_draft_bank(
    login: Login, instructor: User, other_instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=other_instructor, is_published=False)

    assert login(instructor).get(_url(bank)).status_code == 404


def test_it_404s_for_an_unknown_bank(login: Login, student: User) -> None:
    assert login(student).get(reverse("bank_detail", args=["no-such-bank"])).status_code == 404


def test_it_groups_questions_by_category_in_catalogue_order_with_counts(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    html = login(student).get(_url(make_bank())).content.decode()

    headings = ["Acronym", "Synonyms", "Symptoms", "Tests"]
    positions = [html.index(f'id="category-{name.lower()}">{name}') for name in headings]
    assert positions == sorted(positions)
    symptoms = html.split('<h2 id="category-symptoms">Symptoms</h2>', 1)[1]
    assert symptoms.lstrip().startswith('<p class="meta category-count">2 questions</p>')


def test_it_shows_each_questions_type_prompt_answer_options_and_source(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    html = login(student).get(_url(make_bank())).content.decode()

    assert "Multiple choice" in html
    assert "Prompt for syn-1?" in html
    assert "<li>Crow-Fukase syndrome</li>" in html
    answer = html.split('id="question-', 2)[2].split("<details", 1)[1].split("</details>", 1)[0]
    assert "Answer for syn-1" in answer
    assert '<span class="pair-left">Biopsy</span>' in html
    assert "<blockquote>The article sentence behind tst-1.</blockquote>" in html
    assert "From the section “Symptoms”" in html


def test_it_leaves_out_retired_questions(login: Login, student: User, make_bank: MakeBank) -> None:
    bank = make_bank()
    Question.objects.filter(bank=bank, key="syn-1").update(retired_at=timezone.now())

    html = login(student).get(_url(bank)).content.decode()

    assert "Prompt for syn-1?" not in html
    assert "4 questions" in html


def test_the_filter_form_works_without_javascript(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    bank = make_bank()

    html = login(student).get(_url(bank)).content.decode()

    assert f'method="get" action="{_url(bank)}"' in html
    assert '<label for="filter-category">Category</label>' in html
    assert '<label for="filter-type">Type</label>' in html
    assert '<select name="category" id="filter-category">' in html
    assert '<option value="" selected>All categories</option>' in html
    assert '<option value="" selected>All types</option>' in html
    assert '<option value="prognosis">' not in html
    assert 'hx-push-url="true"' in html
    assert ">Filter</button>" in html


def test_it_filters_by_category(login: Login, student: User, make_bank: MakeBank) -> None:
    bank = make_bank()

    html = login(student).get(_url(bank), {"category": "symptoms"}).content.decode()

    assert "Prompt for sym-1?" in html
    assert "Polyneuropathy is _____." in html
    assert "Prompt for syn-1?" not in html
    assert "2 questions" in html
    assert '<option value="symptoms" selected>' in html


def test_it_filters_by_type(login: Login, student: User, make_bank: MakeBank) -> None:
    bank = make_bank()

    html = login(student).get(_url(bank), {"type": "matching"}).content.decode()

    assert "Prompt for tst-1?" in html
    assert "Prompt for syn-1?" not in html
    assert "1 question<" in html


def test_it_filters_by_category_and_type_together(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    bank = make_bank()

    html = (
        login(student).get(_url(bank), {"category": "symptoms", "type": "cloze"}).content.decode()
    )

    assert "Polyneuropathy is _____." in html
    assert "Prompt for sym-1?" not in html


def test_it_says_so_when_no_question_matches(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    html = (
        login(student).get(_url(make_bank()), {"category": "tests", "type": "mcq"}).content.decode()
    )

    assert "0 questions" in html
    assert "No questions match these filters." in html


def test_invalid_filter_values_are_ignored(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    response = login(student).get(_url(make_bank()), {"category": "<script>", "type": "essay"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "5 questions" in html
    assert "<script>" not in html.split("<body", 1)[1].split("<main", 1)[1]
    assert "aria-invalid" not in html


def test_an_htmx_request_gets_only_the_questions_fragment(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    response = login(student).get(
        _url(make_bank()), {"category": "tests"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "filter-category" not in html
    assert '<div id="questions"' in html
    # The count's live region stays on the page; the fragment only refreshes its text.
    assert '<p id="questions-count" hx-swap-oob="innerHTML">1 question</p>' in html
    assert "aria-live" not in html
    assert "HX-Request" in response["Vary"]


def test_the_full_page_has_one_live_count_outside_the_swapped_list(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    html = login(student).get(_url(make_bank()), {"category": "tests"}).content.decode()

    assert html.count('id="questions-count"') == 1
    assert html.index('aria-live="polite">1 question</p>') < html.index('<div id="questions"')


def test_an_htmx_history_restore_gets_the_whole_page(
    login: Login, student: User, make_bank: MakeBank
) -> None:
    response = login(student).get(
        _url(make_bank()),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


def test_the_owner_of_a_draft_sees_a_publish_button(
    login: Login, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor, is_published=False)

    html = login(instructor).get(_url(bank)).content.decode()

    assert f'action="{reverse("bank_publish", args=[bank.slug])}"' in html
    assert ">Publish</button>" in html


def test_other_readers_see_no_publish_button(
    login: Login, student: User, instructor: User, make_bank: MakeBank
) -> None:
    bank = make_bank(owner=instructor)

    html = login(student).get(_url(bank)).content.decode()

    assert reverse("bank_publish", args=[bank.slug]) not in html


def test_it_refuses_post(login: Login, student: User, make_bank: MakeBank) -> None:
    assert login(student).post(_url(make_bank())).status_code == 405
