"""The progress page: only the learner's own numbers, charts with text alternatives, few queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.charts import day_label
from learning.ingestion import DraftQuestion
from learning.models import Bank, CardState, Question, ReviewLog, StudySettings
from learning.scheduling import study_day

pytestmark = pytest.mark.django_db

URL = reverse("progress")
Login = Callable[[User], Client]
_reps = count(1)


def _bank(make_bank: Callable[..., Bank], make_question: Callable[..., DraftQuestion], n: int):
    drafts = [make_question(f"q-{i}", category="symptoms") for i in range(n)]
    return list(make_bank(questions=drafts).questions.order_by("position"))


def _mid_day(user: User) -> datetime:
    """Settings that put now in the middle of the study day, so 'an hour ago' is today."""
    now = timezone.now()
    StudySettings.objects.update_or_create(
        user=user, defaults={"time_zone": "UTC", "day_starts_at": (now.hour + 12) % 24}
    )
    return now


def _log(user: User, question: Question, at: datetime, **extra: object) -> ReviewLog:
    values: dict[str, object] = {
        "rating": 3,
        "phase_before": "review",
        "phase_after": "review",
        "due_after": at + timedelta(days=2),
        "reps": next(_reps),
    }
    values.update(extra)
    return ReviewLog.objects.create(user=user, question=question, reviewed_at=at, **values)


def _card(user: User, question: Question, *, stability: float, days_ago: int) -> CardState:
    last = timezone.now() - timedelta(days=days_ago)
    return CardState.objects.create(
        user=user,
        question=question,
        phase="review",
        stability=stability,
        difficulty=5.0,
        due=last + timedelta(days=stability),
        last_review=last,
        reps=1,
    )


def _total_reviews(html: str) -> int:
    found = re.search(r'id="total-reviews">([^<]*)<', html)
    assert found, "the page has no #total-reviews"
    return int(found.group(1))


def test_it_redirects_anonymous_users_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_only_answers_get(login: Login, student: User) -> None:
    assert login(student).post(URL).status_code == 405


def test_a_new_learner_sees_zeros_and_where_to_start(login: Login, student: User) -> None:
    html = login(student).get(URL).content.decode()

    assert _total_reviews(html) == 0
    assert "Not enough reviews yet" in html
    assert html.count("<dd>—</dd>") == 3  # time studied today, last 30 days, all time
    assert f'href="{reverse("bank_list")}"' in html
    assert f'href="{reverse("study_settings")}"' in html


def test_it_counts_only_the_learners_own_reviews(
    login: Login,
    student: User,
    other_student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
) -> None:
    questions = _bank(make_bank, make_question, 3)
    now = _mid_day(student)
    for question in questions:
        _log(student, question, now - timedelta(hours=1), duration_ms=65 * 60_000 // 3)
        _log(other_student, question, now - timedelta(hours=1), duration_ms=999_000)
    _log(other_student, questions[0], now - timedelta(days=3))

    response = login(student).get(URL)
    html = response.content.decode()

    assert _total_reviews(html) == 3
    assert 'id="reviews-today">3<' in html
    assert "1 h 5 min" in html
    assert "3 of 3 reviews passed" in html
    assert f"{day_label(response.context['progress'].today)}: 3 reviews" in html


def test_it_shows_mastery_per_category_with_a_bar(
    login: Login,
    student: User,
    other_student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
) -> None:
    questions = _bank(make_bank, make_question, 5)
    _card(student, questions[0], stability=20, days_ago=2)
    _card(student, questions[1], stability=2, days_ago=9)
    _card(other_student, questions[2], stability=20, days_ago=1)

    html = login(student).get(URL).content.decode()

    assert "1 of 2 mastered (50 %)" in html
    assert "3 questions not studied yet" in html
    assert '<rect class="mastery-fill" width="50" height="8"/>' in html


def test_the_charts_are_svg_images_with_table_alternatives(
    login: Login,
    student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
) -> None:
    questions = _bank(make_bank, make_question, 2)
    now = _mid_day(student)
    _log(student, questions[0], now - timedelta(hours=2))
    _card(student, questions[1], stability=1, days_ago=2)  # overdue: due today

    html = login(student).get(URL).content.decode()

    assert re.search(r'<svg class="heatmap"[^>]*role="img"[^>]*aria-label="Study calendar', html)
    assert re.search(r'<svg class="forecast"[^>]*role="img"[^>]*aria-label="Due forecast', html)
    assert "<title>Today: 1 card due</title>" in html
    assert "Study days by month (table)" in html
    assert "Cards due per day (table)" in html
    assert '<th scope="row">Today</th><td>1</td>' in html
    assert "<script" not in html.split("</head>", 1)[1]  # no chart JavaScript


def test_a_2_am_review_counts_for_the_previous_day_in_new_york(
    login: Login,
    student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
) -> None:
    zone = ZoneInfo("America/New_York")
    StudySettings.objects.create(user=student, time_zone="America/New_York", day_starts_at=4)
    today = study_day(timezone.now(), zone="America/New_York", day_starts_at=4)
    yesterday = today - timedelta(days=1)
    (question,) = _bank(make_bank, make_question, 1)
    # Both on yesterday's calendar date, so both are in the past whatever the time now.
    _log(student, question, datetime.combine(yesterday, time(2, 0), tzinfo=zone))
    _log(student, question, datetime.combine(yesterday, time(5, 0), tzinfo=zone))

    response = login(student).get(URL)
    html = response.content.decode()

    assert f"<title>{day_label(yesterday - timedelta(days=1))}: 1 review</title>" in html
    assert f"<title>{day_label(yesterday)}: 1 review</title>" in html
    assert f"<title>{day_label(today)}: no reviews</title>" in html
    assert 'id="reviews-today">0<' in html
    assert 'id="streak">2 days<' in html


def test_the_nav_links_to_progress(login: Login, student: User) -> None:
    html = login(student).get(URL).content.decode()

    assert f'<a href="{URL}" aria-current="page">Progress</a>' in html


# Session and user (2), settings created on a first visit (select, savepoint, insert,
# release: 4), totals, calendar, older days only when the streak outlasts the calendar, forecast,
# mastery, unstudied, quiz reviews whose answers are not out yet, and the nav's instructor
# check: 14 whatever the size of the history.
MAX_QUERIES = 14


@pytest.mark.parametrize("size", [10, 1000])
def test_the_query_count_does_not_grow_with_history(
    size: int,
    login: Login,
    student: User,
    make_bank: Callable[..., Bank],
    make_question: Callable[..., DraftQuestion],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    questions = _bank(make_bank, make_question, size)
    now = timezone.now()
    CardState.objects.bulk_create(
        CardState(
            user=student,
            question=question,
            phase="review",
            stability=1.0 + n % 40,
            difficulty=5.0,
            due=now + timedelta(days=n % 45 - 5),
            last_review=now - timedelta(days=n % 30),
            reps=1,
        )
        for n, question in enumerate(questions)
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=student,
            question=question,
            rating=1 + n % 4,
            reviewed_at=now - timedelta(days=n % 400, hours=n % 24),
            duration_ms=8000,
            reps=1,
            phase_before="review",
            phase_after="review",
            due_after=now,
        )
        for n, question in enumerate(questions)
    )
    client = login(student)

    with django_assert_max_num_queries(MAX_QUERIES):  # type: ignore[operator]
        response = client.get(URL)

    assert response.status_code == 200
    assert _total_reviews(response.content.decode()) == size
