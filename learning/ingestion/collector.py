"""Gathers generated questions, gives them stable ids and drops duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from learning.ingestion.model import CATEGORIES, TRUE_FALSE, DraftQuestion
from learning.ingestion.text import norm_key, stable_hash


class Collector:
    def __init__(self) -> None:
        self._questions: list[DraftQuestion] = []
        self._ids: set[str] = set()

    def add(
        self,
        *,
        category: str,
        type: str,
        prompt: str,
        answer: str,
        quote: str,
        section: str,
        accepted: Iterable[str] = (),
        choices: Sequence[str] = (),
        pairs: Sequence[tuple[str, str]] = (),
        quality: float = 0.8,
        reasons: Sequence[str] = (),
    ) -> None:
        # The id hangs on what is asked and where it comes from, not on wording templates or
        # position, so re-importing the same article gives the same ids.
        qid = "q" + stable_hash(type, category, quote, norm_key(prompt), answer)[:12]
        # Two items with one prompt may both be made; selection keeps the better one active.
        if qid in self._ids:
            return
        self._ids.add(qid)
        self._questions.append(
            DraftQuestion(
                id=qid,
                category=category,
                type=type,
                prompt=prompt,
                answer=answer,
                source_quote=quote,
                section=section,
                accepted_answers=_unique(accepted),
                # A true/false question always offers the same two.
                choices=list(choices or (TRUE_FALSE if type == "true_false" else ())),
                pairs=[[left, right] for left, right in pairs],
                quality=quality,
                reasons=list(reasons),
            )
        )

    def questions(self) -> list[DraftQuestion]:
        order = {category: index for index, category in enumerate(CATEGORIES)}
        return sorted(self._questions, key=lambda question: order[question.category])


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        if value.strip():
            seen.setdefault(norm_key(value), value.strip())
    return list(seen.values())


def pick_distractors(
    correct: Iterable[str],
    pools: Sequence[Sequence[str]],
    *,
    seed: str,
    count: int = 3,
) -> list[str] | None:
    """Wrong options drawn from the article, never equal to or containing a right answer.

    Pools are tried in order (closest siblings first). The start point inside each pool comes
    from `seed`, so the same question always gets the same options.
    """
    banned = {key for key in (norm_key(value) for value in correct) if key}
    chosen: list[str] = []
    keys: set[str] = set()
    for pool in pools:
        if not pool:
            continue
        start = int(stable_hash(seed), 16) % len(pool)
        for offset in range(len(pool)):
            candidate = pool[(start + offset) % len(pool)]
            key = norm_key(candidate)
            if not key or key in keys or _overlaps(key, banned):
                continue
            chosen.append(candidate)
            keys.add(key)
            if len(chosen) == count:
                return chosen
    return None


def _overlaps(key: str, banned: set[str]) -> bool:
    padded = f" {key} "
    return any(key == other or f" {other} " in padded or padded in f" {other} " for other in banned)


def shuffled(options: Sequence[str], seed: str) -> list[str]:
    return sorted(options, key=lambda option: stable_hash(seed, option))
