"""Re-importing an article never costs a learner their progress."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth.models import User

from learning.models import CardState, Question, ReviewLog
from learning.scheduling import Rating
from learning.services.imports import source_import
from learning.services.reviews import grade_token, review_record
from tests.ingestion.conftest import SEED

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_reimporting_the_seed_keeps_every_card_state_and_review(student: User) -> None:
    report = source_import(data=SEED.read_bytes(), filename=SEED.name)
    studied = list(Question.objects.filter(bank=report.bank).order_by("position")[:5])
    for question in studied:
        token = grade_token(user=student, question_id=question.pk, reps=0)
        review_record(user=student, question=question, rating=Rating.GOOD, token=token, now=NOW)
    states_before = list(CardState.objects.values_list("pk", "question_id", "due", "reps"))

    again = source_import(data=SEED.read_bytes(), filename=SEED.name)

    assert again.bank.pk == report.bank.pk
    assert again.created == 0 and again.retired == 0
    assert list(CardState.objects.values_list("pk", "question_id", "due", "reps")) == states_before
    assert ReviewLog.objects.filter(user=student).count() == 5
    assert all(
        q.retired_at is None for q in Question.objects.filter(pk__in=[s.pk for s in studied])
    )


def test_a_question_retired_by_a_reimport_keeps_its_learners_history(student: User) -> None:
    report = source_import(data=SEED.read_bytes(), filename=SEED.name)
    question = Question.objects.get(bank=report.bank, prompt="What does POEMS stand for?")
    token = grade_token(user=student, question_id=question.pk, reps=0)
    review_record(user=student, question=question, rating=Rating.EASY, token=token, now=NOW)
    shorter = SEED.read_text(encoding="utf-8").replace(
        "“POEMS” stands for common symptoms, including polyneuropathy, organomegaly, "
        "endocrinopathy, M-protein and skin changes.",
        "",
    )

    source_import(data=shorter.encode("utf-8"), filename=SEED.name)

    question.refresh_from_db()
    assert question.retired_at is not None
    assert CardState.objects.filter(user=student, question=question).exists()
    assert ReviewLog.objects.filter(user=student, question=question).count() == 1
