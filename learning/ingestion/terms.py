"""Finds the building blocks of facts inside sentences: abbreviations, other names, acronyms,
definitions, figures and negations. Every finder works on wording, never on topic words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from learning.ingestion.nlp import PRONUNCIATION
from learning.ingestion.text import norm_key, words

# --- abbreviations: "vascular endothelial growth factor (VEGF)" -------------------------------
_PAREN = re.compile(r"\(([^()]{1,60})\)")
_PAREN_PREFIX = re.compile(r"^(?:or|also|aka|also called|also known as)\s+", re.I)


@dataclass(frozen=True)
class Abbreviation:
    long: str
    short: str


_OR_SHORT = re.compile(r",? or (?P<short>[A-Za-z][A-Za-z0-9\-]{1,11})(?=[,.;)]|$)")


def find_abbreviations(sentence: str) -> list[Abbreviation]:
    found = []
    sentence = PRONUNCIATION.sub("", sentence)  # "protein (PRO-teen)" is one word
    # "the estimated glomerular filtration rate, or eGFR"
    for match in _OR_SHORT.finditer(sentence):
        short = match.group("short")
        if _is_short_form(short) and short[1:] != short[1:].lower():
            long = _long_form(short, sentence[: match.start()].rstrip())
            if long and norm_key(long) != norm_key(short):
                found.append(Abbreviation(long=long, short=short))
    for match in _PAREN.finditer(sentence):
        inside = _PAREN_PREFIX.sub("", match.group(1).strip())
        if PRONUNCIATION.fullmatch(match.group(0)):
            continue  # "(sir-RO-sis)" says how to say a word, not what it stands for
        if _is_short_form(inside):
            long = _long_form(inside, sentence[: match.start()].rstrip())
            if long and norm_key(long) != norm_key(inside):
                found.append(Abbreviation(long=long, short=inside))
            continue
        # "CKD (chronic kidney disease)": the short form comes first.
        before = sentence[: match.start()].split()
        short = before[-1].strip(",;:") if before else ""
        if _is_short_form(short) and _long_form(short, inside) == inside.strip(" ,;:"):
            found.append(Abbreviation(long=inside.strip(" ,;:"), short=short))
    return found


def _is_short_form(text: str) -> bool:
    return (
        2 <= len(text) <= 12
        and " " not in text
        and any(ch.isupper() for ch in text)
        and text[0].isalnum()
    )


def _long_form(short: str, before: str) -> str | None:
    """Schwartz & Hearst (2003): match the short form's characters right to left."""
    tail = before.split()[-(min(len(short) + 5, len(short) * 2)) :]
    long = " ".join(tail)
    s_index, l_index = len(short) - 1, len(long) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            long[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    result = long[start:].strip(" ,;:")
    return result if len(result.split()) <= len(short) + 3 else None


# --- a lowercase medical term in parentheses: "missed periods (amenorrhea)" ------------------
_GLOSS = re.compile(r"\(([a-z][a-z\-]{5,30})\)")


def find_gloss_terms(sentence: str) -> list[str]:
    return _GLOSS.findall(sentence)


# --- other names: "X is also called A, B and C." ----------------------------------------------
_SYNONYM_PATTERNS = [
    re.compile(
        r"^(?P<subject>.+?),? (?:is|are) (?:also |sometimes |often |commonly )?"
        r"(?:called|known as|referred to as|named) (?P<names>.+?)\.?$",
        re.I,
    ),
    re.compile(
        r"^(?P<subject>[^,(]+?),? (?:also|sometimes|often) (?:called|known as) "
        r"(?P<names>[^,]+?(?:, [^,]+?)*?)(?:,| \)| is | are |\.)",
        re.I,
    ),
    re.compile(r"other names for (?P<subject>.+?) (?:include|are) (?P<names>.+?)\.?$", re.I),
    re.compile(r"^(?P<subject>.+?) \((?:also called|also known as|aka) (?P<names>[^)]+)\)", re.I),
]
_NAME_SEPARATOR = re.compile(r",\s*(?:and |or )?|\s+(?:and|or)\s+")
_NAME_PREFIX = re.compile(r"^(?:the|simply|just|sometimes|also)\s+", re.I)


def find_other_names(sentence: str) -> tuple[str, list[str]] | None:
    for pattern in _SYNONYM_PATTERNS:
        match = pattern.search(sentence)
        if match:
            names = [
                _NAME_PREFIX.sub("", name.strip(" .\"“”'")).strip()
                for name in _NAME_SEPARATOR.split(match.group("names"))
            ]
            names = [name for name in names if name and len(name.split()) <= 6]
            if names:
                return match.group("subject").strip(), names
    return None


# --- acronyms: letters spelt by the initials of a run of terms ---------------------------------
_ALIGN_SKIP = frozenset({"of", "the", "and", "a", "an", "in", "on", "to", "for", "with"})
_LEADING_CONNECTOR = re.compile(
    r"^(?:.*?\b(?:including|include|includes|such as|stands for|stand for|is short for|"
    r"an acronym for|are|is)\s+)",
    re.I,
)


def align_acronym(acronym: str, phrases: list[str]) -> list[tuple[str, str]] | None:
    """Pairs each letter group of `acronym` with the phrase whose word initials spell it."""
    letters = acronym.upper()
    cleaned = [phrase.strip(' .;:“”"') for phrase in phrases]
    for start in range(len(cleaned)):
        first = _LEADING_CONNECTOR.sub("", cleaned[start])
        result = _align(letters, [first, *cleaned[start + 1 :]])
        if result and len(result) >= 2:
            return result
    return None


def _align(letters: str, phrases: list[str]) -> list[tuple[str, str]] | None:
    if not letters:
        return []
    if not phrases:
        return None
    initials = [word[0].upper() for word in words(phrases[0]) if word.lower() not in _ALIGN_SKIP]
    if not initials or initials[0] != letters[0]:
        return None
    take = 1
    while take < len(initials) and take < len(letters) and initials[take] == letters[take]:
        take += 1
    for size in range(take, 0, -1):  # longest first, backing off when the rest cannot align
        rest = _align(letters[size:], phrases[1:])
        if rest is not None:
            return [(letters[:size], phrases[0]), *rest]
    return None


def split_phrases(text: str) -> list[str]:
    return [part for part in _NAME_SEPARATOR.split(text) if part.strip()]


# --- definitions: "Organomegaly is abnormally large organs." ----------------------------------
_DEFINITION = re.compile(
    r"^(?:(?:An?|The)\s+)?(?P<term>[A-Za-z][\w\-’']*(?:\s[\w\-’']+){0,2}(?:\s\([^)]{1,20}\))?)"
    r"\s+(?P<verb>is|are|refers to|means|involves)\s+(?P<predicate>[^.]+?)\.$"
)
_NOT_A_TERM = frozenset(
    """it this that these those there here your my our their his her its everyone everybody
    some many most other such each one what which who how anyone someone nobody all both
    any several few why when where treatment treatments research but and or so yet however
    they them we you""".split()
)
_NOT_IN_TERM = frozenset(
    "of for with in on at to from by can may will should does do has have had not no".split()
)


@dataclass(frozen=True)
class Definition:
    term: str
    verb: str
    predicate: str


def find_definition(sentence: str) -> Definition | None:
    match = _DEFINITION.match(sentence.strip())
    if not match:
        return None
    term, predicate = match.group("term"), match.group("predicate").strip()
    term_words = [word.lower() for word in term.split()]
    if _NOT_A_TERM.intersection(term_words) or _NOT_IN_TERM.intersection(term_words):
        return None
    if re.search(r"\d", predicate) or len(predicate.split()) < 3:
        return None
    if re.match(r"(?:also |sometimes )?(?:called|known as|not\b)", predicate):
        return None
    return Definition(term=term, verb=match.group("verb"), predicate=predicate)


# --- figures: "14 years", "50s and 60s", "1 in 100", "300 to 300,000 people" --------------------
_NUM = r"\d[\d,]*(?:\.\d+)?s?"
_UNIT = (
    r"years?|months?|weeks?|days?|hours?|minutes?|people|patients|adults|children|men|women|"
    r"times|doses?|mg/dL|mg|kg|g|mL|ml|L|cm|mm|U/L|ppm|percent|degrees"
)
_QUALIFIER = (
    r"(?:(?:about|around|approximately|nearly|almost|roughly|over|under|more than|less than|"
    r"fewer than|up to|at least|as many as|as few as)\s+)?"
)
FIGURE = re.compile(
    rf"(?<![\w./-]){_QUALIFIER}(?:{_NUM} (?:in|out of) {_NUM}|"
    rf"{_NUM}(?: ?%)?(?: ?(?:to|and|or|-|–) ?{_NUM})?"
    rf"(?: ?%| (?:{_UNIT})\b(?: per [\w/µ]+)?| per [\w/µ]+)?)(?![\w/])"
)
COMPARATIVE = re.compile(
    r"\b(?:less|more|fewer|greater|higher|lower|up to|at least|at most|over|under|above|below|"
    r"than|within|by)\b",
    re.I,
)


def find_figures(sentence: str) -> list[re.Match[str]]:
    return [match for match in FIGURE.finditer(sentence) if re.search(r"\d", match.group(0))]


# --- negations that flip cleanly into a false statement ---------------------------------------
_FLIPS = [
    (re.compile(r"\b(is|are|was|were)n[’']t\b"), r"\1"),
    (re.compile(r"\b(is|are|was|were) not\b"), r"\1"),
    (re.compile(r"\bcannot\b"), "can"),
    (re.compile(r"\bcan[’']t\b"), "can"),
    (re.compile(r"\b(is|has) no known\b"), r"\1 a known"),
    (re.compile(r"\b(are|have) no known\b"), r"\1 known"),
    (re.compile(r"\b(do|did) not (?=[a-z])"), ""),
    (re.compile(r"\bdon[’']t (?=[a-z])"), ""),
]
_CONTRAST = re.compile(
    r"^(?P<subject>.+?) (?P<verb>is|are) (?P<a>an? [^,]+), not (?P<b>an? [^,.]+)\.$"
)


_POINTER = re.compile(r"\b(?:it|they|them|this|these)\b", re.I)
_HEDGE = re.compile(
    r"\b(?:some|a small number|a few|most|few|many|may|might|could|often|sometimes|usually|"
    r"rarely|generally|typically|likely)\b",
    re.I,
)


def flip_negation(sentence: str) -> str | None:
    """The same sentence without its one negation, which the article says is false."""
    contrast = _CONTRAST.match(sentence)
    if contrast:
        return f"{contrast['subject']} {contrast['verb']} {contrast['b']}."
    hits = [(pattern, repl) for pattern, repl in _FLIPS if pattern.search(sentence)]
    negations = sum(len(pattern.findall(sentence)) for pattern, _ in hits)
    if _POINTER.search(sentence):
        return None  # "Scientists know what causes it." is no statement without its referent
    if _HEDGE.search(_strip_first(hits, sentence)):
        return None  # "some", "may", "often": the opposite of a hedged claim is not false
    if (
        negations != 1
        or len(sentence.split()) > 25
        or re.search(r"\bnot\b|n[’']t\b|\bno\b", _strip_first(hits, sentence))
    ):
        return None
    pattern, repl = hits[0]
    return pattern.sub(repl, sentence, count=1)


def _strip_first(hits: list[tuple[re.Pattern[str], str]], sentence: str) -> str:
    return hits[0][0].sub("", sentence, count=1) if hits else sentence
