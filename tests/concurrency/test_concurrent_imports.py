"""Imports racing each other for one bank slug: every upload gets a bank, none a 500.

On SQLite an import's IMMEDIATE transaction holds the write lock from its first query, so
the imports queue and this passes either way; on PostgreSQL they really overlap, and the one
that loses the slug must retry with the next candidate instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from learning.ingestion import DraftBank
from learning.models import Bank
from learning.services.imports import ImportReport, bank_import
from tests.concurrency.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5  # a race is a matter of timing; several rounds make losing one near certain


def _upload(draft: DraftBank, owner: User) -> Callable[[], ImportReport]:
    return lambda: bank_import(
        draft=draft, source_text="Article text.", source_filename="a.txt", owner=owner
    )


def test_two_instructors_uploading_the_same_title_at_once_both_get_a_bank(
    make_draft: Callable[..., DraftBank], instructor: User, other_instructor: User
) -> None:
    for round_ in range(ROUNDS):
        draft = make_draft(title=f"Asthma {round_}", slug=f"asthma-{round_}")

        results = run_together([_upload(draft, instructor), _upload(draft, other_instructor)])

        assert all(isinstance(result, ImportReport) for result in results), results
        banks = Bank.objects.filter(title=draft.title)
        assert {bank.owner for bank in banks} == {instructor, other_instructor}
        # One keeps the plain slug; the other moves on to the slug with its username.
        slugs = sorted(bank.slug for bank in banks)
        assert slugs[0] == f"asthma-{round_}"
        assert slugs[1] in {f"asthma-{round_}-ines", f"asthma-{round_}-omar"}
        assert all(bank.questions.count() == len(draft.questions) for bank in banks)


def test_one_instructor_uploading_twice_at_once_gets_one_bank(
    make_draft: Callable[..., DraftBank], instructor: User
) -> None:
    for round_ in range(ROUNDS):
        draft = make_draft(title=f"Gout {round_}", slug=f"gout-{round_}")

        results = run_together([_upload(draft, instructor), _upload(draft, instructor)])

        assert all(isinstance(result, ImportReport) for result in results), results
        bank = Bank.objects.get(title=draft.title)
        assert bank.slug == f"gout-{round_}"
        assert bank.questions.count() == len(draft.questions)
