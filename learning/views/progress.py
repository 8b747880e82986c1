"""The learner's own progress: mastery, retention, study calendar, due forecast, streak."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from learning import charts
from learning.services.progress import CALENDAR_DAYS, Progress, progress_summary


@require_GET
@login_required
def progress(request: HttpRequest) -> HttpResponse:
    # Only ever the signed-in learner's own numbers: there is no user id in the URL to change.
    summary = progress_summary(user=request.user, now=timezone.now())  # type: ignore[arg-type]
    return render(request, "learning/progress/page.html", _context(summary))


def _context(summary: Progress) -> dict[str, object]:
    today = summary.today
    return {
        "progress": summary,
        "heatmap": charts.heatmap(summary.study_days, today=today, days=CALENDAR_DAYS),
        "months": charts.month_rows(summary.study_days, today=today, days=CALENDAR_DAYS),
        "forecast": charts.bar_chart(
            [(_forecast_label(day, today=today), count) for day, count in summary.forecast],
            noun="card",
            suffix=" due",
        ),
        "forecast_total": sum(count for _, count in summary.forecast),
        "forecast_today": summary.forecast[0][1] if summary.forecast else 0,
        "time_today": charts.format_duration(summary.time_today_ms),
        "time_recent": charts.format_duration(summary.time_recent_ms),
        "time_all": charts.format_duration(summary.time_all_ms),
    }


def _forecast_label(day: date, *, today: date) -> str:
    ahead = (day - today).days
    if ahead == 0:
        return "Today"
    return "Tomorrow" if ahead == 1 else charts.day_label(day)
