"""An instructor's review of a bank: edit a question, write a new one, retire or restore one,
promote one from the reserve or send one there.

Every edit, retirement and restoration marks the question as the instructor's (`edited_at`,
`edited_by`): from then on a re-import of the article never changes its content or whether it
is retired. Promoting or demoting only records that choice (`reserve_choice`): the content
stays the generator's, and a re-import keeps the choice.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from learning.answers import CHOSEN
from learning.ingestion import CLOZE_BLANK, TRUE_FALSE
from learning.models import Bank, Question

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

MANUAL_KEY_PREFIX = "manual-"


@dataclass(frozen=True)
class QuestionContent:
    """What an instructor may write on a question; the same fields the generator owns."""

    category: str
    type: str
    prompt: str
    answer: str
    source_quote: str
    section: str = ""
    accepted_answers: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    pairs: list[list[str]] = field(default_factory=list)

    @classmethod
    def of(cls, question: Question) -> QuestionContent:
        return cls(
            category=question.category,
            type=question.type,
            prompt=question.prompt,
            answer=question.answer,
            source_quote=question.source_quote,
            section=question.section,
            accepted_answers=[str(text) for text in question.accepted_answers],
            choices=[str(text) for text in question.choices],
            pairs=[[str(left), str(right)] for left, right in question.pairs],
        )


def question_update(
    *, question: Question, content: QuestionContent, editor: AbstractBaseUser, now: datetime
) -> Question:
    """Raises ValidationError (keyed by field) and changes nothing if the content is invalid."""
    if content.type != question.type:
        raise ValidationError({"type": "A question's type cannot change; write a new one."})
    with transaction.atomic():
        _apply(question, content_check(content))
        _mark_edited(question, editor=editor, now=now)
        question.save()
    return question


def question_create(
    *, bank: Bank, content: QuestionContent, editor: AbstractBaseUser, now: datetime
) -> Question:
    """A question written by hand, placed after the bank's others; never retired by an import."""
    with transaction.atomic():
        last = bank.questions.aggregate(last=Max("position"))["last"]
        question = Question(
            bank=bank,
            key=f"{MANUAL_KEY_PREFIX}{secrets.token_hex(6)}",
            position=0 if last is None else last + 1,
        )
        _apply(question, content_check(content))
        _mark_edited(question, editor=editor, now=now)
        question.save()
    return question


def question_retire(*, question: Question, editor: AbstractBaseUser, now: datetime) -> Question:
    """Students stop seeing it; their history with it stays. Idempotent."""
    with transaction.atomic():
        if question.retired_at is None:
            question.retired_at = now
        _mark_edited(question, editor=editor, now=now)
        question.save(update_fields=["retired_at", "edited_at", "edited_by", "updated_at"])
    return question


def question_restore(*, question: Question, editor: AbstractBaseUser, now: datetime) -> Question:
    with transaction.atomic():
        question.retired_at = None
        _mark_edited(question, editor=editor, now=now)
        question.save(update_fields=["retired_at", "edited_at", "edited_by", "updated_at"])
    return question


def question_place(
    *, question: Question, reserve: bool, editor: AbstractBaseUser, now: datetime
) -> Question:
    """Promotes (`reserve=False`) or demotes the question. Learners' card states are kept, so
    a question back from the reserve resumes where they left it. Idempotent."""
    with transaction.atomic():
        question.reserve_choice = reserve
        question.reserve_chosen_at = now
        question.reserve_chosen_by = editor  # type: ignore[assignment]
        question.save(
            update_fields=["reserve_choice", "reserve_chosen_at", "reserve_chosen_by", "updated_at"]
        )
    return question


def content_check(content: QuestionContent) -> QuestionContent:
    """The content, completed where a default is obvious; ValidationError names each bad field."""
    content = _completed(content)
    errors: dict[str, str] = {}
    if content.type == "cloze" and CLOZE_BLANK not in content.prompt:
        errors["prompt"] = (
            f"A fill-in-the-blank prompt needs a blank, {CLOZE_BLANK}, where the answer goes."
        )
    if content.type in CHOSEN:
        if error := _choices_error(content):
            errors["choices"] = error
    elif content.choices:
        errors["choices"] = "Options are only for multiple choice and true or false questions."
    if content.type == "matching":
        if len(content.pairs) < 2:
            errors["pairs"] = "A matching question needs at least two pairs."
        elif len({left for left, _ in content.pairs}) < len(content.pairs):
            errors["pairs"] = "Each left-hand item must be different."
    elif content.pairs:
        errors["pairs"] = "Pairs are only for matching questions."
    if not content.answer.strip():
        errors["answer"] = "Give the correct answer."
    if errors:
        raise ValidationError(errors)
    return content


def _completed(content: QuestionContent) -> QuestionContent:
    values = asdict(content)
    if content.type == "true_false" and not content.choices:
        values["choices"] = list(TRUE_FALSE)
    if content.type == "matching" and not content.answer.strip():
        # The generator's form, so a matching card reveals the same way either way.
        values["answer"] = "; ".join(f"{left} – {right}" for left, right in content.pairs)
    return QuestionContent(**values)


def _choices_error(content: QuestionContent) -> str | None:
    if len(content.choices) < 2:
        return "Give at least two options, one per line."
    if len(set(content.choices)) < len(content.choices):
        return "Each option must be different."
    if content.answer.strip() not in content.choices:
        return "The answer must be one of the options, written exactly the same way."
    return None


def _apply(question: Question, content: QuestionContent) -> None:
    for name, value in asdict(content).items():
        setattr(question, name, value)
    try:
        # Model validation keeps lengths and categories honest; FKs are checked by the database.
        question.clean_fields(exclude=["bank", "edited_by", "key"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def _mark_edited(question: Question, *, editor: AbstractBaseUser, now: datetime) -> None:
    question.edited_at = now
    question.edited_by = editor  # type: ignore[assignment]
