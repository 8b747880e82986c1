"""Fixtures of the view tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from learning.ingestion import DraftQuestion
from learning.models import Bank

CardBank = Callable[..., Bank]


@pytest.fixture
def card_bank(
    make_bank: Callable[..., Bank], make_question: Callable[..., DraftQuestion]
) -> CardBank:
    """A bank of the given cards (dicts of question fields), keys q-0, q-1, ... in order."""

    def _card_bank(*cards: dict[str, Any], **options: Any) -> Bank:
        questions = [make_question(f"q-{i}", **card) for i, card in enumerate(cards)]
        return make_bank(questions=questions, **options)

    return _card_bank
