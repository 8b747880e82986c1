"""A hostile upload gets its one-line reason on the page, never a 500, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from learning.models import Bank
from tests.ingestion.hostile import SHAPES

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


def test_a_300_level_nested_list_is_refused_on_the_page(
    login: Login, instructor: User, upload_and_follow
) -> None:
    filename, make = SHAPES["300-level nested Markdown list"]
    upload = SimpleUploadedFile(filename, make(0).encode(), content_type="text/markdown")
    response = upload_and_follow(login(instructor), upload)

    assert response.status_code == 200
    assert "nests lists or quotes more than 62 levels deep" in response.content.decode()
    assert Bank.objects.count() == 0
