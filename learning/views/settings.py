"""The learner's study settings: retention, daily limits, steps, time zone, day start."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from learning.forms_settings import StudySettingsForm
from learning.models import StudySettings


@require_http_methods(["GET", "POST"])
@login_required
def study_settings(request: HttpRequest) -> HttpResponse:
    # Always the signed-in learner's own row: nothing in the request names whose settings.
    instance = StudySettings.for_user(request.user)  # type: ignore[arg-type]
    data = request.POST if request.method == "POST" else None
    form = StudySettingsForm(data, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Study settings saved.")
            return redirect("study_settings")
        messages.error(request, "Nothing was saved: correct the fields marked below.")
    # Status 200 even when invalid, so htmx would swap the messages in too.
    return render(request, "learning/settings/study.html", {"form": form})
