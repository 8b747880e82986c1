"""Fixtures of the view tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

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


@pytest.fixture
def upload_and_follow(django_capture_on_commit_callbacks):
    """POST an upload, run the import it queues as the worker would, then open its page."""

    def _post(client: Client, upload: SimpleUploadedFile):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("bank_upload"), {"article": upload})
        if response.status_code != 302:
            return response  # refused on the form at once
        return client.get(response["Location"], follow=True)

    return _post
