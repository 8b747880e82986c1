"""The background import: stages, budgets, and a bank only when everything worked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models.signals import post_save

from learning.models import Bank, ImportJob
from learning.services.import_jobs import import_job_run
from tests.services.long_articles import long_article

pytestmark = pytest.mark.django_db

SEED_ARTICLE = Path(settings.BASE_DIR) / "fixtures" / "sources" / "poems-syndrome.txt"


def _job(owner: User, data: bytes, filename: str = "poems.txt", **values: object) -> ImportJob:
    return ImportJob.objects.create(
        owner=owner, filename=filename, size=len(data), data=data, **values
    )


@pytest.fixture
def statuses() -> Iterator[list[str]]:
    """Every status a job is saved with after it was created, in order."""
    seen: list[str] = []

    def record(instance: ImportJob, created: bool, **kwargs: object) -> None:
        if not created:
            seen.append(instance.status)

    post_save.connect(record, sender=ImportJob, weak=False)
    yield seen
    post_save.disconnect(record, sender=ImportJob)


def test_a_job_goes_through_its_stages_to_a_bank_of_its_owner(
    instructor: User, statuses: list[str]
) -> None:
    job = _job(instructor, SEED_ARTICLE.read_bytes(), publish=True)

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    bank = Bank.objects.get()
    assert statuses == ["parsing", "generating", "saving", "done"]
    assert (job.status, job.bank, job.error) == ("done", bank, "")
    assert (bank.owner, bank.is_published, bank.source_filename) == (instructor, True, "poems.txt")
    active = bank.questions.active().count()
    assert job.summary.startswith(f"{bank.title} ({bank.slug}): {active} active")
    assert job.started_at <= job.finished_at
    assert bytes(job.data) == b""  # the bank keeps the text; the upload is not kept twice


def test_generation_over_the_time_budget_is_stopped_with_a_clear_message(
    instructor: User, settings: object, statuses: list[str]
) -> None:
    settings.IMPORT_TIME_LIMIT_SECONDS = 0.2  # type: ignore[attr-defined]
    job = _job(instructor, long_article(2000), filename="hostile.md")

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert statuses == ["parsing", "generating", "failed"]
    assert job.status == "failed"
    assert job.error.startswith("the article took longer than 0.2 s to process;")
    assert Bank.objects.count() == 0


def test_a_file_over_the_size_budget_fails_before_any_generation(
    instructor: User, settings: object, statuses: list[str]
) -> None:
    settings.ARTICLE_UPLOAD_MAX_BYTES = 1000  # type: ignore[attr-defined]
    job = _job(instructor, SEED_ARTICLE.read_bytes())

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert statuses == ["parsing", "failed"]
    assert job.error.startswith("the file is ")
    assert job.error.endswith("the limit is 1000\xa0bytes")
    assert Bank.objects.count() == 0


def test_the_generators_own_message_ends_a_job_and_nothing_is_saved(instructor: User) -> None:
    job = _job(instructor, b"just one line without any headings")

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == "no headings found: the article needs section headings"
    assert Bank.objects.count() == 0


def test_a_job_that_already_ran_is_not_run_again(instructor: User) -> None:
    job = _job(instructor, SEED_ARTICLE.read_bytes(), status="failed", error="earlier")

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "earlier")
    assert Bank.objects.count() == 0
