"""The data the generator produces: plain dataclasses, no Django."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CATEGORIES = (
    "acronym",
    "synonyms",
    "epidemiology",
    "symptoms",
    "causes",
    "tests",
    "treatments",
    "complications",
    "prevention",
    "prognosis",
    "overview",
)

QUESTION_TYPES = ("flashcard", "mcq", "true_false", "cloze", "typed", "matching")

# The blank a cloze prompt shows in place of its answer.
CLOZE_BLANK = "_____"
# The two options of every true/false question, in this order.
TRUE_FALSE = ("True", "False")


@dataclass(frozen=True, kw_only=True)
class DraftQuestion:
    """One generated question. `id` is stable: the same article always yields the same ids.

    Fields are in the order of the documented JSON; lists are empty where they do not apply.
    """

    id: str
    category: str
    type: str
    prompt: str
    answer: str
    accepted_answers: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    pairs: list[list[str]] = field(default_factory=list)
    source_quote: str
    section: str
    # 0..1, higher is better; `reasons` says why in a few plain words. The bank keeps its best
    # items active and the rest in a reserve an instructor can browse and promote.
    quality: float = 1.0
    reasons: list[str] = field(default_factory=list)
    reserve: bool = False

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class DraftBank:
    title: str
    slug: str
    source_format: str
    questions: list[DraftQuestion]

    def active(self) -> list[DraftQuestion]:
        return [question for question in self.questions if not question.reserve]

    def to_dict(self, *, include_reserve: bool = False) -> dict[str, object]:
        questions = self.questions if include_reserve else self.active()
        return {
            "title": self.title,
            "questions": [question.to_dict() for question in questions],
        }
