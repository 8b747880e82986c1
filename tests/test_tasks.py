"""Tasks through the real queue: the database backend stores them, its worker runs them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from learning.models import Bank
from learning.services.import_jobs import import_job_create

pytestmark = pytest.mark.django_db(transaction=True)

SEED_ARTICLE = Path(settings.BASE_DIR) / "fixtures" / "sources" / "poems-syndrome.txt"


@pytest.fixture(autouse=True)
def _database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_an_upload_waits_in_the_queue_until_the_worker_imports_it(instructor: User) -> None:
    job = import_job_create(
        owner=instructor, data=SEED_ARTICLE.read_bytes(), filename="poems.txt", publish=True
    )

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "learning.tasks.import_job_run_task"
    assert queued.args_kwargs == {"args": [], "kwargs": {"job_id": job.pk}}
    assert Bank.objects.count() == 0

    _run_worker()

    job.refresh_from_db()
    assert job.status == "done"
    assert job.bank == Bank.objects.get(owner=instructor)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_reset_mail_is_queued_by_the_page_and_sent_by_the_worker(
    client: Client, student: User
) -> None:
    student.email = "sam@example.org"
    student.save()

    response = client.post(reverse("password_reset"), {"email": "sam@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []
    _run_worker()
    assert [message.to for message in mail.outbox] == [["sam@example.org"]]
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body
