from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from learning.models import Bank, Question

pytestmark = pytest.mark.django_db

MakeBank = Callable[..., Bank]


def test_visible_to_shows_published_banks_and_the_users_own_drafts(
    make_bank: MakeBank, instructor: User, other_instructor: User
) -> None:
    published = make_bank(slug="published")
    own_draft = make_bank(slug="own-draft", owner=instructor, is_published=False)
    make_bank(slug="others-draft", owner=other_instructor, is_published=False)
    make_bank(slug="site-draft", is_published=False)

    visible = set(Bank.objects.visible_to(instructor))

    assert visible == {published, own_draft}


def test_an_anonymous_user_sees_only_published_banks(make_bank: MakeBank) -> None:
    published = make_bank(slug="published")
    make_bank(slug="draft", is_published=False)

    assert list(Bank.objects.visible_to(AnonymousUser())) == [published]


def test_question_counts_leave_out_retired_questions(make_bank: MakeBank) -> None:
    bank = make_bank()
    Question.objects.filter(bank=bank, key="acr-1").update(retired_at=timezone.now())

    assert Bank.objects.with_question_counts().get(pk=bank.pk).question_count == 4


def test_active_in_categories_and_of_types_chain(make_bank: MakeBank) -> None:
    bank = make_bank()
    Question.objects.filter(bank=bank, key="sym-1").update(retired_at=timezone.now())

    keys = (
        Question.objects.active()
        .in_categories(["symptoms", "tests"])
        .of_types(["cloze", "matching", "true_false"])
        .values_list("key", flat=True)
    )

    assert sorted(keys) == ["sym-2", "tst-1"]


def test_a_key_is_unique_within_a_bank_but_not_across_banks(make_bank: MakeBank) -> None:
    first = make_bank(slug="first")
    second = make_bank(slug="second")

    assert set(first.questions.values_list("key", flat=True)) == set(
        second.questions.values_list("key", flat=True)
    )
    duplicate = first.questions.get(key="acr-1")
    duplicate.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
