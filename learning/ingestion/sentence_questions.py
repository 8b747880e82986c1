"""Questions from single sentences: figures, negations and a cloze for every fact sentence."""

from __future__ import annotations

import re

from learning.ingestion.collector import Collector, shuffled
from learning.ingestion.facts import Facts, Sentence
from learning.ingestion.model import CLOZE_BLANK
from learning.ingestion.terms import COMPARATIVE, find_figures, flip_negation
from learning.ingestion.text import STOPWORDS, norm_key, stable_hash, words

_OBJECT_CUE = re.compile(
    r"\b(?:include|includes|including|such as|like|called|has|have|causes?|affects?)\s+"
    r"(?P<object>[^,.;:()]+)"
)
_NAMED_AT_END = re.compile(r":\s+(?P<term>[^:,;.]+?)\.?$")  # "...has its own name: podagra."
_NOT_FACTS = re.compile(r"^(?:ask|talk|learn|visit|call|see|tell|read|click)\b", re.I)
_SINGLE_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)( ?%| [A-Za-z/]+)?$")


def add_sentence_questions(facts: Facts, out: Collector) -> None:
    terms = facts.known_terms()
    counts = facts.word_counts()
    for sentence in facts.sentences:
        text = sentence.text
        if text.endswith("?") or _NOT_FACTS.match(text):
            continue
        asked_figure = _add_figures(facts, out, sentence)
        _add_negation(out, sentence)
        if not asked_figure and len(text.split()) >= 4:
            _add_cloze(facts, out, sentence, terms, counts)


def _common(sentence: Sentence) -> dict[str, str]:
    return {
        "category": sentence.category,
        "section": sentence.section.heading,
        "quote": sentence.text,
    }


def _add_figures(facts: Facts, out: Collector, sentence: Sentence) -> bool:
    asked = False
    for match in find_figures(sentence.text):
        figure = match.group(0)
        if sentence.text.count(figure) != 1:
            continue
        prompt = _blank(sentence.text, match.start(), match.end())
        number = re.search(r"\d[\d,.]*", figure)
        accepted = [figure, number.group(0)] if number else [figure]
        out.add(type="cloze", prompt=prompt, answer=figure, accepted=accepted, **_common(sentence))
        asked = True
        before = sentence.text[max(0, match.start() - 20) : match.start()]
        if COMPARATIVE.search(f"{before} {figure}"):
            continue  # "less than 28 years" might still be true, so no altered figures here
        wrong = _altered_figures(figure)
        if wrong:
            out.add(
                type="mcq",
                prompt=prompt,
                answer=figure,
                choices=shuffled([figure, *wrong], prompt),
                **_common(sentence),
            )
            false = sentence.text[: match.start()] + wrong[0] + sentence.text[match.end() :]
            out.add(
                type="true_false",
                prompt=false,
                answer="False",
                **_common(sentence),
            )
    return asked


def _altered_figures(figure: str) -> list[str]:
    """Other values for a single figure: the article states one value, so these are false."""
    match = _SINGLE_NUMBER.match(figure.replace(",", ""))
    if not match:
        return []
    value, unit = float(match.group(1)), match.group(2) or ""
    is_percent = unit.strip() in {"%", "percent"}
    factors = (0.5, 2, 3) if not is_percent or value <= 30 else (0.5, 0.75, 0.25)
    values = []
    for factor in factors:
        new = value * factor
        text = f"{new:g}" if "." in match.group(1) else str(round(new))
        if text != match.group(1) and new > 0:
            values.append(f"{text}{unit}")
    return values if len(set(values)) == 3 else []


def _add_negation(out: Collector, sentence: Sentence) -> None:
    flipped = flip_negation(sentence.text)
    if flipped and flipped != sentence.text:
        out.add(type="true_false", prompt=sentence.text, answer="True", **_common(sentence))
        out.add(type="true_false", prompt=flipped, answer="False", **_common(sentence))


def _add_cloze(
    facts: Facts, out: Collector, sentence: Sentence, terms: list[str], counts: dict[str, int]
) -> None:
    span = _cloze_span(facts, sentence.text, terms, counts)
    if span is None:
        return
    start, end = span
    answer = sentence.text[start:end]
    out.add(
        type="cloze",
        prompt=_blank(sentence.text, start, end),
        answer=answer,
        accepted=[answer],
        **_common(sentence),
    )


def _cloze_span(
    facts: Facts, text: str, terms: list[str], counts: dict[str, int]
) -> tuple[int, int] | None:
    """The most telling phrase to blank: a named term, then what a cue verb introduces, then
    a long word the article uses only here. Never the subject, which would be a giveaway;
    and no cloze at all rather than a blank on a filler word like "healthcare"."""
    named = _NAMED_AT_END.search(text)
    if named and len(named.group("term").split()) <= 4:
        return named.start("term"), named.end("term")
    lowered = text.lower()
    for term in terms:
        # The plain substring test is cheap and rules out nearly every term before the regex.
        if len(term) >= 3 and term.lower() in lowered and (span := _find_once(text, term)):
            return span
    for match in _OBJECT_CUE.finditer(text):
        phrase = match.group("object").strip()
        phrase_words = phrase.split()
        if (
            1 <= len(phrase_words) <= 5
            and phrase_words[0].lower() not in STOPWORDS
            and not facts.is_subject(phrase)
        ):
            start = match.start("object") + (
                len(match.group("object")) - len(match.group("object").lstrip())
            )
            if text.count(phrase) == 1:
                return start, start + len(phrase)
    candidates = [
        word
        for word in words(text)
        if len(word) >= 7
        and counts.get(word.lower()) == 1
        and word.lower() not in STOPWORDS
        and not facts.is_subject(word)
        and norm_key(word) not in " ".join(facts.subject_keys)
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda word: (len(word), stable_hash(text, word)))
    return _find_once(text, best)


def _find_once(text: str, term: str) -> tuple[int, int] | None:
    """Where `term` stands as a whole phrase exactly once; a second copy would give it away."""
    matches = list(re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.I))
    if len(matches) != 1:
        return None
    return matches[0].start(), matches[0].end()


def _blank(text: str, start: int, end: int) -> str:
    return f"{text[:start]}{CLOZE_BLANK}{text[end:]}"
