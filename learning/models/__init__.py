"""Models split by domain; import them from here so call sites never care where they live."""

from __future__ import annotations

from learning.models.bank import Bank, BankQuerySet, Question, QuestionQuerySet

__all__ = ["Bank", "BankQuerySet", "Question", "QuestionQuerySet"]
