"""Uploading an article, and the page that follows its import in the background."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from learning.forms import ArticleUploadForm
from learning.ingestion import IngestionError
from learning.models import ImportJob
from learning.ratelimits import UPLOAD_LIMITS, limit_posts
from learning.roles import is_instructor
from learning.services.import_jobs import import_job_create
from learning.views.banks import SignedInRequest

# htmx stops polling when a response has this status (and still swaps it in).
STOP_POLLING = 286


@require_http_methods(["GET", "POST"])
@login_required
@limit_posts(*UPLOAD_LIMITS)
def bank_upload(request: SignedInRequest) -> HttpResponse:
    if not is_instructor(request.user):
        raise PermissionDenied("Only instructors can upload articles.")
    form = ArticleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        article = form.cleaned_data["article"]
        try:
            job = import_job_create(
                owner=request.user,
                data=article.read(),
                filename=article.name,
                publish=form.cleaned_data["publish"],
            )
        except IngestionError as error:
            form.add_error("article", str(error))
        else:
            return redirect("import_detail", pk=job.pk)
    # Status 200 even when invalid, so htmx would swap the messages in too.
    return render(request, "learning/banks/upload.html", {"form": form})


@require_GET
@login_required
def import_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    job = _get_job_for_owner(request, pk)
    template = "learning/banks/import.html"
    partial = request.htmx and not request.htmx.history_restore_request
    if partial:
        template += "#progress"
    stalled = job.has_stalled(timezone.now())
    context = {"job": job, "steps": _steps(job), "stalled": stalled}
    response = render(request, template, context)
    if partial and (job.is_finished or stalled):
        response.status_code = STOP_POLLING
    patch_vary_headers(response, ["HX-Request"])
    return response


def _get_job_for_owner(request: SignedInRequest, pk: int) -> ImportJob:
    """The user's own job; anyone else's is a 404, not a hint that it exists."""
    return get_object_or_404(ImportJob.objects.owned_by(request.user), pk=pk)


def _steps(job: ImportJob) -> list[tuple[str, str]]:
    """Each stage's label and state (done, current, to do), for the list beside the bar."""
    steps = []
    for number, stage in enumerate(ImportJob.STEPS, 1):
        if job.step > number or job.status == ImportJob.Status.DONE:
            state = "done"
        elif job.step == number:
            state = "current"
        else:
            state = "to do"
        steps.append((stage.label, state))
    return steps
