"""Lean banks: the best items of each fact are active, the rest wait in a reserve.

A fact is what an item teaches: its source sentence and its answer. A fact gets at most three
active items, each in a different response mode, and no two active items share a prompt.
Facts take turns, best first, so that a bank's budget is spent on more facts before more
items per fact. An instructor can promote any reserve item; the scores and reasons say why
it waited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from learning.ingestion.facts import Facts
from learning.ingestion.model import DraftQuestion
from learning.ingestion.text import norm_key

PER_FACT = 3
# A sentence gives at most two active items (its acronym's letters aside): more from one
# sentence repeat it rather than teach.
PER_SENTENCE = 2
# One answer ("collagen") is worth at most two active items across the bank.
PER_ANSWER = 2
# Below this an item is kept only in the reserve.
MIN_QUALITY = 0.5
STRONG = 0.65
# Each category's best facts that are kept before the budget is spent by quality alone.
CATEGORY_FLOOR = 3
# One active item for about every 15 words of article text: a 1,800-word article keeps
# 120, a long one its best 200.
WORDS_PER_ITEM = 12
MIN_ACTIVE, MAX_ACTIVE = 60, 200


def budget_for(facts: Facts) -> int:
    words = sum(len(sentence.text.split()) for sentence in facts.sentences)
    words += sum(
        len(item.text.split())
        for section in facts.article.sections
        for block in section.lists
        for item in block.items
        if not item.description and len(item.text.split()) < 5  # longer items are sentences
    )
    return max(MIN_ACTIVE, min(MAX_ACTIVE, words // WORDS_PER_ITEM))


def select(questions: list[DraftQuestion], *, budget: int = MAX_ACTIVE) -> list[DraftQuestion]:
    facts: dict[tuple[str, str], list[DraftQuestion]] = defaultdict(list)
    for question in questions:
        facts[fact_key(question)].append(question)
    # A short article dense with good facts keeps one item for each of them.
    strong = sum(max(q.quality for q in items) >= STRONG for items in facts.values())
    budget = min(MAX_ACTIVE, max(budget, strong))
    rounds: list[list[DraftQuestion]] = [[] for _ in range(PER_FACT)]
    for items in facts.values():
        items.sort(key=lambda q: -q.quality)
        modes: set[str] = set()
        turn = 0
        for item in items:
            if item.quality < MIN_QUALITY or item.type in modes or turn == PER_FACT:
                continue
            modes.add(item.type)
            rounds[turn].append(item)
            turn += 1
    active: set[str] = set()
    prompts: set[str] = set()
    per_sentence: dict[str, int] = defaultdict(int)
    per_answer: dict[str, int] = defaultdict(int)
    for candidates in rounds:
        for item in _by_category_turns(candidates):
            prompt = norm_key(item.prompt)
            sentence = norm_key(item.source_quote)
            if len(active) == budget or prompt in prompts:
                continue
            answer = norm_key(item.answer)
            if item.category != "acronym" and (
                per_sentence[sentence] >= PER_SENTENCE or per_answer[answer] >= PER_ANSWER
            ):
                continue
            active.add(item.id)
            prompts.add(prompt)
            per_sentence[sentence] += 1
            if item.type not in {"true_false", "matching"}:  # their answers are True/False
                per_answer[answer] += 1
    return [question if question.id in active else _to_reserve(question) for question in questions]


def _by_category_turns(items: list[DraftQuestion]) -> list[DraftQuestion]:
    """Best first, except that every category's best few come before anything else: a full
    bank still asks about complications, not only about the category with most sentences."""
    by_category: dict[str, list[DraftQuestion]] = defaultdict(list)
    for item in sorted(items, key=lambda q: -q.quality):
        by_category[item.category].append(item)
    ranked = [
        ((rank >= CATEGORY_FLOOR, -item.quality, item.id), item)
        for group in by_category.values()
        for rank, item in enumerate(group)
    ]
    return [item for _, item in sorted(ranked)]


def fact_key(question: DraftQuestion) -> tuple[str, str]:
    if question.type == "true_false" or question.pairs:
        # A statement or a matching set teaches its sentence as a whole.
        return norm_key(question.source_quote), question.type
    return norm_key(question.source_quote), norm_key(question.answer)


def _to_reserve(question: DraftQuestion) -> DraftQuestion:
    if question.quality < MIN_QUALITY:
        why = "quality below the bar"
    else:
        why = "another item asks this fact, or the bank is full"
    return replace(question, reserve=True, reasons=[*question.reasons, f"reserve: {why}"])
