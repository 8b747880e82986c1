"""Export a bank's active questions as the generator's JSON shape, or as CSV for spreadsheets;
`--all` adds the reserve, each question saying whether it is in it."""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from dataclasses import fields
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError

from learning.ingestion import DraftQuestion
from learning.models import Bank, Question
from learning.services.imports import CONTENT_FIELDS

# The generator's own JSON fields, in its order, so an export reads like `python -m
# learning.ingestion` output.
CSV_COLUMNS = [field.name for field in fields(DraftQuestion)]


class Command(BaseCommand):
    help = "Export a question bank's active questions (--all: and its reserve) as JSON or CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug", metavar="SLUG")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", metavar="FILE", help="Write here instead of stdout.")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_reserve",
            help='Add the reserve, marked "reserve": true. Retired questions are never exported.',
        )

    def handle(
        self,
        *args: object,
        slug: str,
        format: str,
        output: str | None,
        include_reserve: bool,
        **options: object,
    ) -> None:
        try:
            bank = Bank.objects.get(slug=slug)
        except Bank.DoesNotExist:
            raise CommandError(f"no bank with slug {slug!r}") from None
        scope = Question.objects.not_retired() if include_reserve else Question.objects.active()
        questions = list(scope.filter(bank=bank).order_by("position", "pk"))

        def write(stream: TextIO) -> None:
            if format == "json":
                _write_json(stream, bank, questions)
            else:
                _write_csv(stream, questions)

        if output is None:
            write(self.stdout)  # type: ignore[arg-type]
        else:
            with _open(output) as stream:
                write(stream)
            self.stderr.write(f"wrote {len(questions)} questions to {output}")


def _open(path: str) -> TextIO:
    try:
        return open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the caller's with
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None


def _question_dict(question: Question) -> dict[str, object]:
    return {
        "id": question.key,
        **{name: getattr(question, name) for name in CONTENT_FIELDS},
        "quality": question.quality,
        "reasons": question.reasons,
        # Where the bank has it now, the instructor's choice included.
        "reserve": question.in_reserve,
    }


def _write_json(stream: TextIO, bank: Bank, questions: list[Question]) -> None:
    data = {"title": bank.title, "questions": [_question_dict(q) for q in questions]}
    stream.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _write_csv(stream: TextIO, questions: list[Question]) -> None:
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for question in questions:
        row = _question_dict(question)
        row["accepted_answers"] = " | ".join(question.accepted_answers)
        row["choices"] = " | ".join(question.choices)
        row["pairs"] = " | ".join(" => ".join(pair) for pair in question.pairs)
        row["reasons"] = " | ".join(question.reasons)
        writer.writerow([row[column] for column in CSV_COLUMNS])
