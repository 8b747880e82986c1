"""django.tasks entry points: keyword-only JSON arguments, one service call each."""

from __future__ import annotations

from django.tasks import task

from learning.services.accounts import password_reset_send
from learning.services.import_jobs import import_job_run


@task
def import_job_run_task(*, job_id: int) -> None:
    import_job_run(job_id=job_id)


@task
def password_reset_send_task(*, email: str, domain: str, use_https: bool) -> None:
    password_reset_send(email=email, domain=domain, use_https=use_https)
