"""A hostile upload gets its one-line reason on the page, never a 500, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from learning.models import Bank
from tests.ingestion.hostile import SHAPES

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


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


def test_a_300_level_nested_list_is_refused_on_the_page(
    login: Login, instructor: User, upload_and_follow
) -> None:
    filename, make = SHAPES["300-level nested Markdown list"]
    upload = SimpleUploadedFile(filename, make(0).encode(), content_type="text/markdown")
    response = upload_and_follow(login(instructor), upload)

    assert response.status_code == 200
    assert "nests lists or quotes more than 62 levels deep" in response.content.decode()
    assert Bank.objects.count() == 0
