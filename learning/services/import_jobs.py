"""Uploads imported in the background: a job row holds the bytes and shows how far it got.

The job moves queued -> parsing -> generating -> saving -> done, or to failed with the one-line
reason. The bank is written by `bank_import` in one transaction at the saving stage, so until
the job is done nothing of it is visible, and a job that fails leaves nothing behind.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from learning.ingestion import IngestionError, decode_source
from learning.models import ImportJob
from learning.services.imports import bank_import
from learning.services.timed_parse import source_parse_timed

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = ImportJob.Status


def import_job_create(*, owner: User, data: bytes, filename: str, publish: bool) -> ImportJob:
    """Store the upload and queue its import once the row is committed.

    A file that is not text at all is refused here, at once, with IngestionError.
    """
    from learning.tasks import import_job_run_task  # here: the tasks module imports this one

    decode_source(data)
    with transaction.atomic():
        job = ImportJob.objects.create(
            owner=owner,
            filename=PurePath(filename).name[:255],
            size=len(data),
            data=data,
            publish=publish,
        )
        transaction.on_commit(lambda: import_job_run_task.enqueue(job_id=job.pk))
    return job


def import_job_run(*, job_id: int) -> None:
    """The task's work. A job that is not queued any more (run twice) is left alone."""
    # Claimed under a row lock, so two runs of the same task cannot both start it.
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id, status=Status.QUEUED).first()
        if job is None:
            return
        job.started_at = timezone.now()
        _stage(job, Status.PARSING, "started_at")
    try:
        _run(job)
    except IngestionError as error:
        _finish(job, status=Status.FAILED, error=str(error)[:500])
    except Exception:
        # A bug, not the article: the page still ends, and the task backend keeps the traceback.
        _finish(job, status=Status.FAILED, error="the import failed unexpectedly; try again")
        raise


def _run(job: ImportJob) -> None:
    data = bytes(job.data)
    limit: int = settings.ARTICLE_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise IngestionError(
            f"the file is {filesizeformat(len(data))}; the limit is {filesizeformat(limit)}"
        )
    decode_source(data)  # not text: say so before starting a generator
    _stage(job, Status.GENERATING)
    parsed = source_parse_timed(
        data=data, filename=job.filename, seconds=settings.IMPORT_TIME_LIMIT_SECONDS
    )
    _stage(job, Status.SAVING)
    with transaction.atomic():
        report = bank_import(
            draft=parsed.draft,
            source_text=parsed.text,
            source_filename=parsed.filename,
            owner=job.owner,
            publish=job.publish,
        )
        job.bank = report.bank
        _finish(job, status=Status.DONE, summary=report.summary()[:500])


def _stage(job: ImportJob, status: str, *fields: str) -> None:
    job.status = status
    job.save(update_fields=["status", "updated_at", *fields])


def _finish(job: ImportJob, *, status: str, error: str = "", summary: str = "") -> None:
    # The bytes have served their purpose; the bank keeps the article's text.
    job.status, job.error, job.summary = status, error, summary
    job.data = b""
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "error", "summary", "data", "bank", "finished_at", "updated_at"]
    )
