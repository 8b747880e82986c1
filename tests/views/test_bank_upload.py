from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from learning.ingestion import IngestionError, build_bank, decode_source
from learning.models import Bank, ImportJob

pytestmark = pytest.mark.django_db

URL = reverse("bank_upload")
SEED_ARTICLE = Path(settings.BASE_DIR) / "fixtures" / "sources" / "poems-syndrome.txt"
Login = Callable[[User], Client]
Capture = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
Post = Callable[..., HttpResponse]


@pytest.fixture
def post(django_capture_on_commit_callbacks: Capture) -> Post:
    """POST an upload and run the import it queues, as the worker would, before returning."""

    def _post(
        client: Client, article: SimpleUploadedFile, *, publish: bool = False
    ) -> HttpResponse:
        data = {"article": article, **({"publish": "on"} if publish else {})}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        return response

    return _post


def _upload(name: str, data: bytes, content_type: str = "text/plain") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _source_error(data: bytes, filename: str) -> str:
    """The generator's own one-line message, which the page must show as it is."""
    with pytest.raises(IngestionError) as error:
        build_bank(decode_source(data), filename=filename)
    return str(error.value)


def test_it_redirects_anonymous_users_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_is_forbidden_to_students(login: Login, student: User) -> None:
    assert login(student).get(URL).status_code == 403


def test_a_student_cannot_post_an_article_either(login: Login, student: User) -> None:
    response = login(student).post(URL, {"article": _upload("a.txt", SEED_ARTICLE.read_bytes())})

    assert response.status_code == 403
    assert Bank.objects.count() == 0


def test_it_shows_instructors_a_labelled_file_input(login: Login, instructor: User) -> None:
    html = login(instructor).get(URL).content.decode()

    assert '<label for="id_article">Article file:</label>' in html
    assert 'accept=".txt,.md,.markdown,.html,.htm,.pdf,.docx"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_publish">Publish now:</label>' in html


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        ("latin1.txt", "Café syndrome\n\nWhat is it?\n\nA rare disorder.".encode("latin-1")),
    ],
)
def test_a_file_that_is_not_text_rerenders_the_form_with_the_error_and_queues_nothing(
    login: Login, instructor: User, name: str, data: bytes
) -> None:
    response = login(instructor).post(URL, {"article": _upload(name, data)})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert escape(_source_error(data, name)) in html
    assert 'aria-invalid="true"' in html
    assert ImportJob.objects.count() == 0
    assert Bank.objects.count() == 0


def test_an_article_the_generator_refuses_ends_on_the_import_page_with_its_reason(
    post: Post, login: Login, instructor: User
) -> None:
    data = b"just one line without any headings"
    client = login(instructor)

    response = post(client, _upload("notes.txt", data))

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import_detail", args=[job.pk])
    assert job.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert f"The import failed: {escape(_source_error(data, 'notes.txt'))}" in page
    assert Bank.objects.count() == 0


def test_an_empty_file_is_a_form_error(login: Login, instructor: User) -> None:
    response = login(instructor).post(URL, {"article": _upload("empty.txt", b"")})

    assert response.status_code == 200
    assert "The submitted file is empty." in response.content.decode()
    assert Bank.objects.count() == 0


def test_a_missing_file_is_a_form_error(login: Login, instructor: User) -> None:
    response = login(instructor).post(URL, {"publish": "on"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Bank.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    login: Login, instructor: User, settings: object
) -> None:
    settings.ARTICLE_UPLOAD_MAX_BYTES = 1000  # type: ignore[attr-defined]

    response = login(instructor).post(URL, {"article": _upload("big.txt", b"x" * 1001)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "The file is 1001\xa0bytes; the limit is 1000\xa0bytes." in html
    assert Bank.objects.count() == 0


def test_the_upload_returns_at_once_and_the_import_runs_after_the_commit(
    login: Login, instructor: User, django_capture_on_commit_callbacks: Capture
) -> None:
    client = login(instructor)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, {"article": _upload("poems.txt", SEED_ARTICLE.read_bytes())})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_detail", args=[job.pk])
    assert (job.status, job.owner, job.filename) == ("queued", instructor, "poems.txt")
    assert bytes(job.data) == SEED_ARTICLE.read_bytes()
    assert Bank.objects.count() == 0
    assert len(callbacks) == 1

    callbacks[0]()

    job.refresh_from_db()
    assert job.status == "done"
    assert job.bank == Bank.objects.get()


def test_an_article_becomes_a_bank_owned_by_the_uploader(
    post: Post, login: Login, instructor: User
) -> None:
    client = login(instructor)

    response = post(client, _upload("poems-syndrome.txt", SEED_ARTICLE.read_bytes()), publish=True)

    bank = Bank.objects.get()
    assert bank.owner == instructor
    assert bank.is_published
    assert bank.source_filename == "poems-syndrome.txt"
    assert bank.questions.count() > 0
    page = client.get(response["Location"]).content.decode()
    assert "Imported POEMS" in page
    assert f"{bank.questions.active().count()} active questions" in page
    assert f'href="{reverse("bank_detail", args=[bank.slug])}"' in page


def test_an_article_uploaded_without_publish_stays_a_draft(
    post: Post, login: Login, instructor: User, student: User
) -> None:
    post(login(instructor), _upload("poems.txt", SEED_ARTICLE.read_bytes()))

    bank = Bank.objects.get()
    assert not bank.is_published
    assert login(student).get(reverse("bank_detail", args=[bank.slug])).status_code == 404


def test_reuploading_an_article_keeps_its_questions(
    post: Post, login: Login, instructor: User
) -> None:
    client = login(instructor)
    post(client, _upload("poems.txt", SEED_ARTICLE.read_bytes()))
    ids = set(Bank.objects.get().questions.values_list("pk", flat=True))

    post(client, _upload("poems.txt", SEED_ARTICLE.read_bytes()))

    assert Bank.objects.count() == 1
    assert set(Bank.objects.get().questions.values_list("pk", flat=True)) == ids


def test_uploads_are_rate_limited_per_user(
    post: Post, login: Login, instructor: User, other_instructor: User, settings: object
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload-user": "2/h"}  # type: ignore[attr-defined]
    client = login(instructor)
    for _ in range(2):
        post(client, _upload("notes.txt", b"no headings"))

    refused = client.post(URL, {"article": _upload("poems.txt", SEED_ARTICLE.read_bytes())})

    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert ImportJob.objects.count() == 2
    # Another instructor has a count of their own.
    assert post(login(other_instructor), _upload("notes.txt", b"x")).status_code == 302


def test_it_refuses_other_methods(login: Login, instructor: User) -> None:
    assert login(instructor).put(URL).status_code == 405
