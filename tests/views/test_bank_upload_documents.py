"""Uploading PDF and Word articles: the same import as text, the same one-line refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from learning.models import Bank
from tests.ingestion import documents

pytestmark = pytest.mark.django_db

URL = reverse("bank_upload")
Login = Callable[[User], Client]


@pytest.mark.parametrize(
    ("make", "filename", "content_type"),
    [
        (documents.gout_pdf, "gout.pdf", "application/pdf"),
        (
            documents.gout_docx,
            "gout.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_an_instructor_uploads_a_document_and_gets_its_bank(
    login: Login, instructor: User, make, filename, content_type, upload_and_follow
) -> None:
    upload = SimpleUploadedFile(filename, make(), content_type=content_type)
    upload_and_follow(login(instructor), upload)

    bank = Bank.objects.get()
    assert bank.title == "Gout"
    assert bank.owner == instructor
    assert bank.source_format == filename.rsplit(".", 1)[1]
    assert bank.questions.filter(source_quote__contains="uric acid crystals").exists()


@pytest.mark.parametrize(
    ("make", "filename", "message"),
    [
        (documents.image_only_pdf, "scan.pdf", "the PDF has no text layer"),
        (lambda: documents.gout_pdf(user_password="secret"), "locked.pdf", "encrypted"),
        (lambda: documents.gout_pdf()[:900], "broken.pdf", "the PDF is damaged"),
        (documents.encrypted_docx, "locked.docx", "encrypted"),
    ],
)
def test_a_broken_document_is_refused_with_its_reason_and_writes_nothing(
    login: Login, instructor: User, make, filename, message, upload_and_follow
) -> None:
    upload = SimpleUploadedFile(filename, make(), content_type="application/octet-stream")
    response = upload_and_follow(login(instructor), upload)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Bank.objects.count() == 0
