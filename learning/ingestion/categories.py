"""Files sections, lists and sentences under categories, from generic medical-writing cues."""

from __future__ import annotations

import re

from learning.ingestion.article import Article

# Checked in order: the first category whose cue matches wins.
_HEADING_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "prognosis",
        re.compile(r"prognos|outlook|surviv|life expectancy|how long .*\blive|recover", re.I),
    ),
    ("prevention", re.compile(r"prevent|avoid getting|lower (?:my|your|the) risk", re.I)),
    ("complications", re.compile(r"complication", re.I)),
    (
        "epidemiology",
        re.compile(
            r"who (?:does|gets|is|can|are)\b|how common|prevalen|incidence|epidemiolog|statistic",
            re.I,
        ),
    ),
    ("tests", re.compile(r"diagnos|\btests?\b|\btesting\b|\bexam|screen|detect", re.I)),
    ("treatments", re.compile(r"treat|therap|manag|medication|\bcure|surger|remed", re.I)),
    (
        "causes",
        re.compile(r"\bcause|\bwhy do|risk factor|trigger|genetic|inherit|contagious", re.I),
    ),
    ("symptoms", re.compile(r"symptom|\bsigns?\b|feel like|look like|what happens", re.I)),
    ("synonyms", re.compile(r"other names|also (?:called|known)", re.I)),
    (
        "overview",
        re.compile(r"^(?:what (?:is|are)|overview|about|introduction|definition)\b", re.I),
    ),
]

# Cues for a single sentence that sits in an overview section.
_EPIDEMIOLOGY_SENTENCE = re.compile(
    r"\baffects? (?:about|around|nearly|more|people|men|women|children|adults|\d)|"
    r"more common (?:in|among)|less common (?:in|among)|\b\d[\d,.]* (?:in|out of) \d|"
    r"\d+ ?%|\bper \d|in their \d0s|\bprevalen|\bincidence|people (?:have|get|develop) it",
    re.I,
)


def classify_heading(text: str, subject_words: set[str]) -> str:
    kept = " ".join(
        word for word in text.split() if word.lower().strip("?:,.") not in subject_words
    )
    for category, cue in _HEADING_CUES:
        if cue.search(kept):
            return category
    return ""


def classify_sentence(sentence: str, section_category: str) -> str:
    if section_category == "overview" and _EPIDEMIOLOGY_SENTENCE.search(sentence):
        return "epidemiology"
    return section_category


def assign_categories(article: Article, subject_words: set[str]) -> None:
    """Gives every section and list a category; unlabelled subsections follow their neighbour."""
    previous_category, previous_parent = "overview", None
    parent_categories: dict[str, str] = {}
    for section in article.sections:
        own = classify_heading(section.heading, subject_words)
        if not own:
            if section.parent and section.parent == previous_parent:
                own = previous_category
            else:
                own = parent_categories.setdefault(
                    section.parent, classify_heading(section.parent, subject_words) or "overview"
                )
        if own == "synonyms":
            own = "overview"
        section.category = own
        for block in section.lists:
            lead_category = classify_heading(block.lead_in, subject_words)
            block.category = lead_category if own == "overview" and lead_category else own
        previous_category, previous_parent = own, section.parent
