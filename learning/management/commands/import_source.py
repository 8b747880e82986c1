"""Import source articles as site banks: every file is parsed first, then all in one transaction.

It runs in the terminal, not the task queue, and shows the stages an upload's page shows:
parsing (reading the file as text), generating (the questions), saving.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learning.ingestion import IngestionError, decode_source
from learning.services.imports import ImportReport, ParsedSource, bank_import, source_parse


class Command(BaseCommand):
    help = (
        "Import source articles (.txt, .md, .html, .pdf, .docx) as published site question banks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Article files to import.")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Create new banks unpublished (existing banks keep their visibility).",
        )

    def handle(
        self, *args: object, paths: list[str], draft: bool, verbosity: int, **options: object
    ) -> None:
        self.verbosity = verbosity
        sources = self._parse_all(paths)
        reports: list[ImportReport] = []
        self._stage(f"saving {len(sources)} bank{'s' if len(sources) != 1 else ''}...")
        with transaction.atomic():
            for path, source in sources:
                try:
                    reports.append(
                        bank_import(
                            draft=source.draft,
                            source_text=source.text,
                            source_filename=source.filename,
                            publish=not draft,
                        )
                    )
                except IngestionError as error:
                    self._fail([(path, str(error))])
        for report in reports:
            self._print_report(report)

    def _parse_all(self, paths: list[str]) -> list[tuple[str, ParsedSource]]:
        # Every file is read and parsed before the database is touched, and every failure is
        # reported at once, so a bad batch is fixed in one round rather than one file at a time.
        sources: list[tuple[str, ParsedSource]] = []
        failures: list[tuple[str, str]] = []
        slugs: dict[str, str] = {}
        for path in paths:
            try:
                self._stage(f"{path}: parsing...")
                data = Path(path).read_bytes()
                decode_source(data)
                self._stage(f"{path}: generating...")
                source = source_parse(data=data, filename=path)
            except (IngestionError, OSError) as error:
                failures.append((path, _message(error)))
                continue
            if source.draft.slug in slugs:
                failures.append((path, f"same bank as {slugs[source.draft.slug]}"))
                continue
            slugs[source.draft.slug] = path
            sources.append((path, source))
        if failures:
            self._fail(failures)
        return sources

    def _stage(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)

    def _fail(self, failures: list[tuple[str, str]]) -> None:
        for path, message in failures:
            self.stderr.write(f"error: {path}: {message}")
        raise CommandError(f"nothing imported: {len(failures)} of the files could not be imported")

    def _print_report(self, report: ImportReport) -> None:
        self.stdout.write(report.summary())
        self.stdout.write(f"  categories: {report.category_line() or 'none'}")
        self.stdout.write(f"  types: {report.type_line() or 'none'}")


def _message(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
