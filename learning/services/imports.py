"""Source article -> Bank and Questions, re-importable without losing anyone's work.

Re-import rules, because learners' progress will hang off Question rows:
- questions match on the generator's stable id (`Question.key`), so their primary keys survive;
- a question missing from the new draft is retired, never deleted, and comes back if it returns;
- a question an instructor edited or wrote (`edited_at` set) is theirs: the generator never
  overwrites it, retires it or restores it; only its place in the order follows the draft;
- the generator's quality score and reserve flag follow the draft on every other question, but
  an instructor's choice to promote or demote one (`reserve_choice`) always wins.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from learning.ingestion import (
    CATEGORIES,
    QUESTION_TYPES,
    DraftBank,
    DraftQuestion,
    IngestionError,
    build_bank,
    decode_source,
)
from learning.models import Bank, Question

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from django.contrib.auth.base_user import AbstractBaseUser

# What the generator owns on a question; everything else belongs to the site or its users.
CONTENT_FIELDS = (
    "category",
    "type",
    "prompt",
    "answer",
    "accepted_answers",
    "choices",
    "pairs",
    "source_quote",
    "section",
)
# The generator's judgement of a question, refreshed with its content.
SCORE_FIELDS = ("quality", "reasons", "reserve")
UPDATE_FIELDS = [*CONTENT_FIELDS, *SCORE_FIELDS, "position", "retired_at", "updated_at"]
# Slugs that would be shadowed by fixed URLs such as /banks/upload/.
RESERVED_SLUGS = frozenset({"upload"})
# Each retry follows an import that won a race for a slug; a handful is far more than enough.
_SLUG_TRIES = 5


@dataclass
class ImportReport:
    bank: Bank
    bank_created: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    restored: int = 0
    retired: int = 0
    kept_edited: int = 0
    reserve: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def active(self) -> int:
        return sum(self.by_category.values())

    def summary(self) -> str:
        return (
            f"{self.bank.title} ({self.bank.slug}): {self.active} active questions, "
            f"{self.reserve} in reserve - "
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.restored} restored, {self.retired} retired, "
            f"{self.kept_edited} kept as edited"
        )

    def category_line(self) -> str:
        return ", ".join(f"{name} {n}" for name, n in self.by_category.items())

    def type_line(self) -> str:
        return ", ".join(f"{name} {n}" for name, n in self.by_type.items())


@dataclass(frozen=True)
class ParsedSource:
    filename: str
    text: str
    draft: DraftBank


def source_parse(*, data: bytes, filename: str) -> ParsedSource:
    """Bytes -> draft, touching no database; raises IngestionError with a one-line message."""
    name = PurePath(filename).name
    text = decode_source(data, name)
    return ParsedSource(filename=name, text=text, draft=build_bank(text, filename=name))


def source_import(
    *,
    data: bytes,
    filename: str,
    owner: AbstractBaseUser | None = None,
    publish: bool = True,
) -> ImportReport:
    """The one path from uploaded or read bytes to rows, shared by the command and the view."""
    parsed = source_parse(data=data, filename=filename)
    return bank_import(
        draft=parsed.draft,
        source_text=parsed.text,
        source_filename=parsed.filename,
        owner=owner,
        publish=publish,
    )


def bank_import(
    *,
    draft: DraftBank,
    source_text: str,
    source_filename: str,
    owner: AbstractBaseUser | None = None,
    publish: bool = True,
) -> ImportReport:
    """Create or update the bank for `draft`; raises IngestionError and writes nothing if invalid.

    `publish=False` leaves an existing bank's visibility alone: unticking "Publish now" on a
    re-upload must not hide a bank students are already using.
    """
    _draft_check(draft)
    with transaction.atomic():
        bank, bank_created = _bank_upsert(
            draft=draft,
            source_text=source_text,
            source_filename=source_filename,
            owner=owner,
            publish=publish,
        )
        report = ImportReport(bank=bank, bank_created=bank_created)
        _questions_sync(bank=bank, draft=draft, report=report, now=timezone.now())
    return report


def _draft_check(draft: DraftBank) -> None:
    seen: set[str] = set()
    for question in draft.questions:
        if question.id in seen:
            raise IngestionError(f"question id {question.id!r} appears twice in the draft")
        seen.add(question.id)


def _bank_upsert(
    *,
    draft: DraftBank,
    source_text: str,
    source_filename: str,
    owner: AbstractBaseUser | None,
    publish: bool,
) -> tuple[Bank, bool]:
    base = slugify(draft.slug)[:120] or "bank"
    for _ in range(_SLUG_TRIES):
        slug, bank = _bank_slot(slug=base, owner=owner)
        created = bank is None
        if bank is None:
            bank = Bank(slug=slug, owner=owner, is_published=publish)
        _bank_fill(bank, draft=draft, source_text=source_text, source_filename=source_filename)
        bank.is_published = bank.is_published or publish
        if not created:
            bank.save()
            return bank, False
        try:
            # A savepoint, so a lost race leaves the import's transaction usable (PostgreSQL).
            with transaction.atomic():
                bank.save()
        except IntegrityError:
            # Another import committed this slug after our look-up: look again, and take it
            # over if it is this owner's own bank or move on to the next candidate.
            continue
        return bank, True
    raise IngestionError("could not find a free address for the bank; try the upload again")


def _bank_fill(bank: Bank, *, draft: DraftBank, source_text: str, source_filename: str) -> None:
    bank.title = draft.title
    bank.source_filename = source_filename
    bank.source_format = draft.source_format
    bank.source_text = source_text
    bank.source_sha256 = hashlib.sha256(source_text.encode("utf-8")).hexdigest()
    try:
        bank.clean_fields(exclude=["owner", "slug"])
    except ValidationError as error:
        raise IngestionError(f"bank: {_one_line(error)}") from None


def _bank_slot(*, slug: str, owner: AbstractBaseUser | None) -> tuple[str, Bank | None]:
    """The slug this owner's bank lives at, and that bank if it exists already.

    Nobody may overwrite a bank they do not own, so a taken slug sends the import on to
    `<slug>-<username>` (or `<slug>-site` for the command), then numbered variants.
    """
    owner_id = owner.pk if owner is not None else None
    taken = dict(Bank.objects.filter(slug__startswith=slug).values_list("slug", "owner_id"))
    for candidate in _slug_candidates(slug, owner):
        if candidate in RESERVED_SLUGS:
            continue
        if candidate not in taken:
            return candidate, None
        if taken[candidate] == owner_id:
            return candidate, Bank.objects.get(slug=candidate)
    raise AssertionError("unreachable: the slug candidates never run out")


def _slug_candidates(slug: str, owner: AbstractBaseUser | None) -> Iterator[str]:
    yield slug
    suffix = slugify(owner.get_username())[:60] if owner is not None else "site"
    yield f"{slug}-{suffix or 'user'}"
    for n in count(2):
        yield f"{slug}-{suffix or 'user'}-{n}"


def _questions_sync(*, bank: Bank, draft: DraftBank, report: ImportReport, now: datetime) -> None:
    existing = {question.key: question for question in bank.questions.all()}
    to_create: list[Question] = []
    to_update: list[Question] = []
    in_draft: list[Question] = []
    for position, item in enumerate(draft.questions):
        question = existing.pop(item.id, None)
        if question is None:
            question = Question(bank=bank, key=item.id, position=position)
            _content_apply(question, item)
            to_create.append(question)
            report.created += 1
        elif _question_refresh(question, item, position=position, report=report):
            question.updated_at = now
            to_update.append(question)
        in_draft.append(question)
    _questions_validate([*to_create, *to_update])
    Question.objects.bulk_create(to_create)
    Question.objects.bulk_update(to_update, UPDATE_FIELDS)
    generated = [question for question in existing.values() if question.edited_at is None]
    _questions_retire(generated, report=report, now=now)
    kept = [question for question in existing.values() if question.edited_at is not None]
    current = [question for question in [*in_draft, *kept] if question.retired_at is None]
    active = [question for question in current if not question.is_in_reserve]
    report.reserve = len(current) - len(active)
    report.by_category = _ordered_counts((q.category for q in active), CATEGORIES)
    report.by_type = _ordered_counts((q.type for q in active), QUESTION_TYPES)


def _question_refresh(
    question: Question, item: DraftQuestion, *, position: int, report: ImportReport
) -> bool:
    """Bring an existing row in line with the draft; True if it needs saving."""
    was_retired = question.retired_at is not None
    moved = question.position != position
    question.position = position
    if question.edited_at is not None:
        # Retired by the instructor, it stays retired: that was a review decision too.
        report.kept_edited += 1
        return moved
    question.retired_at = None
    changed = _content_apply(question, item)
    if was_retired:
        report.restored += 1
    elif changed or moved:
        report.updated += 1
    else:
        report.unchanged += 1
    return was_retired or changed or moved


def _content_apply(question: Question, item: DraftQuestion) -> bool:
    values = {name: _as_stored(getattr(item, name)) for name in (*CONTENT_FIELDS, *SCORE_FIELDS)}
    changed = False
    for name, value in values.items():
        if getattr(question, name, None) != value:
            setattr(question, name, value)
            changed = True
    return changed


def _as_stored(value: object) -> object:
    """Tuples become lists, as JSON columns give them back, so equal content compares equal."""
    if isinstance(value, list | tuple):
        return [_as_stored(item) for item in value]
    return value


def _questions_validate(questions: list[Question]) -> None:
    # Model validation (choices, lengths, blanks) catches a bad draft before the bulk writes;
    # the FKs are excluded because checking them costs one query per row.
    for question in questions:
        try:
            question.clean_fields(exclude=["bank", "edited_by"])
        except ValidationError as error:
            raise IngestionError(f"question {question.key!r}: {_one_line(error)}") from None


def _questions_retire(questions: list[Question], *, report: ImportReport, now: datetime) -> None:
    ids = [question.pk for question in questions if question.retired_at is None]
    if ids:
        report.retired = Question.objects.filter(pk__in=ids).update(retired_at=now, updated_at=now)


def _ordered_counts(values: Iterator[str], order: tuple[str, ...]) -> dict[str, int]:
    counts = Counter(values)
    return {name: counts[name] for name in order if counts[name]}


def _one_line(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
