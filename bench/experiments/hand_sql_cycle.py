"""Experiment: the review cycle with the study path's reads and writes in hand-written SQL.

    .venv/bin/python bench/experiments/hand_sql_cycle.py

Not the app's code and never imported by it. It answers one question for docs/performance.md:
how close to half the trivial view's throughput could the cycle get if the posted card, the
grade and the queue bypassed the ORM's query building? It swaps, in this process only, the
three steps of `study_grade` for versions that send the same statements through Django's
cursor (`Model.objects.raw` where a model instance is needed), SQLite dialect only, then times
the same workloads as bench/review_cycle.py before and after the swap (categories and the
"nothing due" branch are left out: these workloads never reach them; a studied next card is
read with its question in two statements here, in one by the app). The form, the
scheduler, the template, sessions and auth are untouched. It mirrors learning/services/reviews.py
and study_queue step by step on purpose: when they or the schema change, it must follow or go.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import review_cycle  # noqa: E402
from report import setup_django  # noqa: E402

REPEATS = 5


def hand_written(study: Any) -> dict[str, Any]:
    """The three steps, each with its ORM queries replaced by SQL text."""
    from django.db import IntegrityError, connection, transaction
    from django.http import Http404

    from learning.models import Bank, CardState, Question, StudySettings
    from learning.scheduling import Memory, Phase, Rating, day_bounds, review, study_day
    from learning.services.reviews import AlreadyGraded, StudyQueue, _memory_json, _token_reps

    moment = connection.ops.adapt_datetimefield_value

    def cards(user_id: int, question_id: int) -> list[CardState]:
        sql = "SELECT * FROM learning_cardstate WHERE user_id = %s AND question_id = %s"
        return list(CardState.objects.raw(sql, [user_id, question_id]))

    def posted_card(request: Any, slug: str, form_class: Any) -> tuple[Any, ...]:
        data = study._valid(form_class(request.POST))
        sql = (
            "SELECT q.*, b.slug AS bank_slug, b.title AS bank_title, "
            "b.is_published AS bank_published, b.owner_id AS bank_owner "
            "FROM learning_question q JOIN learning_bank b ON b.id = q.bank_id "
            "WHERE q.id = %s AND q.retired_at IS NULL AND b.slug = %s "
            "AND (b.is_published OR b.owner_id = %s)"
        )
        found = list(Question.objects.raw(sql, [data["question"], slug, request.user.pk]))
        if not found:
            raise Http404
        question = found[0]
        question.bank = Bank(
            id=question.bank_id,
            slug=question.bank_slug,
            title=question.bank_title,
            is_published=question.bank_published,
            owner_id=question.bank_owner,
        )
        categories = study.known_categories(request.POST.getlist("category"))
        return question.bank, categories, data, question

    def record(*, user: Any, question: Any, rating: Any, token: str, now: dt.datetime, **extra):
        shown_reps = _token_reps(token, user=user, question_id=question.pk)
        prefs = StudySettings.for_user(user).preferences
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                found = cards(user.pk, question.pk)
                card = found[0] if found else None
                if (card.reps if card else 0) != shown_reps:
                    raise AlreadyGraded
                before = card.memory if card else Memory()
                after = review(before, rating, now=now, prefs=prefs)
                lapses_before = card.lapses if card else 0
                lapses = lapses_before + (before.phase is Phase.REVIEW and rating is Rating.AGAIN)
                memory = [
                    after.phase.value,
                    after.step,
                    after.stability,
                    after.difficulty,
                    moment(after.due),
                    moment(after.last_review),
                ]
                if card is None:
                    cursor.execute(
                        "INSERT INTO learning_cardstate (phase, step, stability, difficulty, due, "
                        "last_review, user_id, question_id, reps, lapses) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1, %s)",
                        [*memory, user.pk, question.pk, lapses],
                    )
                else:
                    cursor.execute(
                        "UPDATE learning_cardstate SET phase = %s, step = %s, stability = %s, "
                        "difficulty = %s, due = %s, last_review = %s, reps = %s, lapses = %s "
                        "WHERE id = %s AND reps = %s",
                        [*memory, shown_reps + 1, lapses, card.pk, shown_reps],
                    )
                    if cursor.rowcount != 1:
                        raise AlreadyGraded
                cursor.execute(
                    "INSERT INTO learning_reviewlog (user_id, question_id, rating, reviewed_at, "
                    "duration_ms, source, given_answer, was_correct, reps, phase_before, "
                    "memory_before, phase_after, due_after, lapses_before) VALUES "
                    "(%s, %s, %s, %s, %s, 'study', %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    [
                        user.pk,
                        question.pk,
                        int(rating),
                        moment(now),
                        extra.get("duration_ms"),
                        extra.get("given_answer", "")[:2000],
                        extra.get("was_correct"),
                        shown_reps + 1,
                        before.phase.value,
                        None if before.is_new else json.dumps(_memory_json(before)),
                        after.phase.value,
                        moment(after.due),
                        lapses_before,
                    ],
                )
                return type("Log", (), {"pk": cursor.fetchone()[0]})()
        except IntegrityError:
            raise AlreadyGraded from None

    def queue(*, user: Any, bank: Any, categories: list[str], now: dt.datetime) -> Any:
        settings = StudySettings.for_user(user)
        zone, hour = settings.time_zone, settings.day_starts_at
        start, end = day_bounds(
            study_day(now, zone=zone, day_starts_at=hour), zone=zone, day_starts_at=hour
        )
        # SQLite hands datetimes back naive, in UTC.
        naive_now, naive_end = (t.astimezone(dt.UTC).replace(tzinfo=None) for t in (now, end))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT q.id, q.position, c.phase, c.due FROM learning_question q "
                "LEFT JOIN learning_cardstate c ON c.question_id = q.id AND c.user_id = %s "
                "WHERE q.bank_id = %s AND q.retired_at IS NULL",
                [user.pk, bank.pk],
            )
            rows = cursor.fetchall()
            cursor.execute(
                "SELECT SUM(phase_before = 'new'), SUM(phase_before = 'review') "
                "FROM learning_reviewlog WHERE user_id = %s "
                "AND reviewed_at >= %s AND reviewed_at < %s",
                [user.pk, moment(start), moment(end)],
            )
            done_new, done_reviews = cursor.fetchone()
        fresh, learning_due, reviews_due = [], [], []
        for pk, position, phase, due in rows:
            if phase is None:
                fresh.append((position, pk))
            elif phase == Phase.REVIEW and due < naive_end:
                reviews_due.append((due, pk))
            elif phase != Phase.REVIEW and due <= naive_now:
                learning_due.append((due, pk))
        due = min(len(reviews_due), max(0, settings.reviews_per_day - (done_reviews or 0)))
        new = min(len(fresh), max(0, settings.new_per_day - (done_new or 0)))
        pool = learning_due or (reviews_due if due else []) or (fresh if new else [])
        pick = min(pool, default=None)
        question = card = None
        if pick is not None:
            sql = "SELECT * FROM learning_question WHERE id = %s"
            question = list(Question.objects.raw(sql, [pick[1]]))[0]
            if pool is not fresh:
                card = cards(user.pk, question.pk)[0]
        learning = len(learning_due)
        return StudyQueue(new, learning, due, question, card, next_due_at=None)

    return {"_posted_card": posted_card, "review_record": record, "study_queue": queue}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-hand-sql-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        review_cycle.add_floor_view()
        bench = review_cycle.Bench()
        bench.small_database()
        from learning.views import study

        # measure() also checks first that every grade still records exactly one review.
        before = review_cycle.measure(bench, "ORM", REPEATS)
        for name, function in hand_written(study).items():
            setattr(study, name, function)
        after = review_cycle.measure(bench, "hand-written SQL", REPEATS)
    print("| Workload | ORM, ms | ÷ trivial | Hand-written SQL, ms | ÷ trivial |")
    print("|---|---:|---:|---:|---:|")
    for orm, sql in zip(before, after, strict=True):
        print(
            f"| {orm.workload} | {1000 / orm.rate:.2f} | {orm.rate / before[0].rate:.2f} "
            f"| {1000 / sql.rate:.2f} | {sql.rate / after[0].rate:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
