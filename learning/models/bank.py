"""Question banks and their questions, as imported from a source article."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import Coalesce

from learning.ingestion import CATEGORIES, CLOZE_BLANK, QUESTION_TYPES

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def category_label(name: str) -> str:
    """What pages call a category; a name the catalogue has since dropped still reads well."""
    return name.capitalize()


CATEGORY_CHOICES = [(name, category_label(name)) for name in CATEGORIES]
TYPE_LABELS = {
    "flashcard": "Flashcard",
    "mcq": "Multiple choice",
    "true_false": "True or false",
    "cloze": "Fill in the blank",
    "typed": "Typed answer",
    "matching": "Matching",
}
TYPE_CHOICES = [(name, TYPE_LABELS.get(name, name)) for name in QUESTION_TYPES]


def visible_banks(user: AbstractBaseUser | AnonymousUser, *, prefix: str = "") -> Q:
    """Published banks and the user's own drafts; `prefix` reaches them through a relation."""
    published = Q(**{f"{prefix}is_published": True})
    if not user.is_authenticated:
        return published
    return published | Q(**{f"{prefix}owner": user})


def active_questions(*, prefix: str = "") -> Q:
    """Questions learners meet: not retired and not in the reserve; `prefix` reaches them
    through a relation (`question__`)."""
    return Q(**{f"{prefix}retired_at__isnull": True, f"{prefix}in_reserve": False})


def catalogue_rank(category: str) -> int:
    """Where a category comes in the catalogue; a name it has since dropped comes last."""
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def _catalogue_rank_sql() -> Case:
    return Case(
        *(When(category=name, then=Value(rank)) for rank, name in enumerate(CATEGORIES)),
        default=Value(len(CATEGORIES)),
    )


class BankQuerySet(models.QuerySet["Bank"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> BankQuerySet:
        return self.filter(visible_banks(user))

    def owned_by(self, user: AbstractBaseUser | None) -> BankQuerySet:
        # A null owner means a site bank, imported by the operator's command.
        if user is None:
            return self.filter(owner__isnull=True)
        return self.filter(owner=user)

    def with_question_counts(self) -> BankQuerySet:
        return self.annotate(
            question_count=Count("questions", filter=active_questions(prefix="questions__"))
        )


class Bank(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    source_filename = models.CharField(max_length=255, blank=True)
    source_format = models.CharField(max_length=20, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    source_text = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="banks",
        help_text="Empty for a site bank imported by the import_source command.",
    )
    is_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BankQuerySet.as_manager()

    class Meta:
        ordering = ["title", "slug"]

    def __str__(self) -> str:
        return self.title


PAGE_ORDER = ("rank", "category", "position", "pk")


class QuestionQuerySet(models.QuerySet["Question"]):
    def active(self) -> QuestionQuerySet:
        """What learners study, are quizzed on and are counted against."""
        return self.filter(active_questions())

    def not_retired(self) -> QuestionQuerySet:
        """Active and reserve questions: what an instructor reviews and exports with --all."""
        return self.filter(retired_at__isnull=True)

    def in_reserve(self) -> QuestionQuerySet:
        return self.filter(in_reserve=True)

    def matching(self, text: str) -> QuestionQuerySet:
        """Prompt or answer contains `text`, ignoring case."""
        return self.filter(Q(prompt__icontains=text) | Q(answer__icontains=text))

    def in_page_order(self) -> QuestionQuerySet:
        """A bank page's order: categories as the catalogue lists them, each in article order,
        so a category's questions stay together across pages."""
        return self.alias(rank=_catalogue_rank_sql()).order_by(*PAGE_ORDER)

    def count_before(self, question: Question) -> int:
        """How many of these come before `question` in page order."""
        key = [
            ("rank", catalogue_rank(question.category)),
            ("category", question.category),
            ("position", question.position),
            ("pk", question.pk),
        ]
        earlier = [
            Q(**dict(key[:n]), **{f"{name}__lt": value}) for n, (name, value) in enumerate(key)
        ]
        return self.alias(rank=_catalogue_rank_sql()).filter(reduce(or_, earlier)).count()

    def in_categories(self, categories: Iterable[str]) -> QuestionQuerySet:
        return self.filter(category__in=list(categories))

    def of_types(self, types: Iterable[str]) -> QuestionQuerySet:
        return self.filter(type__in=list(types))

    def in_visible_bank(
        self, slug: str, user: AbstractBaseUser | AnonymousUser
    ) -> QuestionQuerySet:
        """Questions of the bank `slug`, with the bank in the same query, if `user` may read it."""
        return self.select_related("bank").filter(
            visible_banks(user, prefix="bank__"), bank__slug=slug
        )


class Question(models.Model):
    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="questions")
    # The generator's stable id: re-imports match on it so progress tied to the row survives.
    key = models.CharField(max_length=128)
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES)
    type = models.CharField(max_length=20, choices=TYPE_CHOICES)
    prompt = models.TextField()
    answer = models.TextField()
    accepted_answers = models.JSONField(default=list, blank=True)
    choices = models.JSONField(default=list, blank=True)
    pairs = models.JSONField(default=list, blank=True)
    source_quote = models.TextField()
    section = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    # The generator's judgement, refreshed by every re-import of an unedited question. Empty
    # quality: written by hand, or imported before the generator scored its items.
    quality = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    reasons = models.JSONField(default=list, blank=True)
    reserve = models.BooleanField(default=False, help_text="The generator held it back.")
    # The instructor's choice, which no re-import overrides: True sends the question to the
    # reserve, False promotes it, empty follows the generator.
    reserve_choice = models.BooleanField(null=True, blank=True)
    reserve_chosen_at = models.DateTimeField(null=True, blank=True)
    reserve_chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placed_questions",
    )
    # Computed by the database, so every query asks one indexed column and no write can let
    # it drift from the two flags it comes from.
    in_reserve = models.GeneratedField(
        expression=Coalesce("reserve_choice", "reserve"),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_questions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["bank_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "key"], name="unique_question_key_per_bank"),
        ]
        indexes = [models.Index(fields=["bank", "in_reserve", "retired_at", "position"])]

    def __str__(self) -> str:
        return f"{self.bank.slug}/{self.key}"

    @property
    def cloze_parts(self) -> tuple[str, str] | None:
        """A cloze prompt's text before and after its blank, for pages that draw the blank."""
        if self.type != "cloze" or CLOZE_BLANK not in self.prompt:
            return None
        before, after = self.prompt.split(CLOZE_BLANK, 1)
        return before, after

    @property
    def match_sides(self) -> tuple[list[str], list[str]]:
        """A matching question's two columns, the right one sorted so it gives no pair away."""
        return [left for left, _ in self.pairs], sorted(right for _, right in self.pairs)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_in_reserve(self) -> bool:
        """`in_reserve` as it will be once saved: the same rule, for rows changed in memory."""
        return self.reserve if self.reserve_choice is None else self.reserve_choice
