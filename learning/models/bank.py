"""Question banks and their questions, as imported from a source article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q

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
            question_count=Count("questions", filter=Q(questions__retired_at__isnull=True))
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


class QuestionQuerySet(models.QuerySet["Question"]):
    def active(self) -> QuestionQuerySet:
        return self.filter(retired_at__isnull=True)

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
        indexes = [models.Index(fields=["bank", "retired_at", "position"])]

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
    def is_retired(self) -> bool:
        return self.retired_at is not None
