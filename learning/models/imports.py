"""An article uploaded from the web, on its way to becoming a bank in the background."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.base_user import AbstractBaseUser

# How long past its time budget a running job may go without a word before its page says it
# stopped: saving a very large bank takes a while, a worker killed mid-import never reports.
STALL_MARGIN = timedelta(minutes=10)


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def owned_by(self, user: AbstractBaseUser) -> ImportJobQuerySet:
        return self.filter(owner=user)


class ImportJob(models.Model):
    """Ours rather than the task backend's result: it is read by owner, shows a stage the
    task backend knows nothing of, and outlives whichever backend ran it (the immediate one
    keeps no result at all)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for its turn"
        PARSING = "parsing", "Reading the file"
        GENERATING = "generating", "Generating questions"
        SAVING = "saving", "Saving the bank"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    # The upload itself, kept until the job ends: the worker may run on another host.
    data = models.BinaryField()
    publish = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    bank = models.ForeignKey(
        "learning.Bank", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    # The three stages a progress bar shows; a job waiting in the queue is at step 0.
    STEPS = (Status.PARSING, Status.GENERATING, Status.SAVING)

    @property
    def step(self) -> int:
        if self.status == self.Status.DONE:
            return len(self.STEPS)
        if self.status in self.STEPS:
            return self.STEPS.index(self.status) + 1
        return 0

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    def has_stalled(self, now: datetime) -> bool:
        """Running, but silent for longer than any import takes: its worker has died."""
        if self.status not in self.STEPS:
            return False
        budget = timedelta(seconds=settings.IMPORT_TIME_LIMIT_SECONDS)
        return now - self.updated_at > budget + STALL_MARGIN
