"""Which phrase of a sentence is worth asking about: candidate answers with a score and reasons.

A candidate is a noun phrase in a role that carries the sentence's fact (what something is,
causes, affects or contains; where or when it happens), scored by how much of a term it is: a
term the article defines or repeats, a name with capitals or digits, a word with a medical
ending. Function words, generic nouns ("people", "doctors", "treatment") and the article's own
subject are never answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from learning.ingestion.text import norm_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Roles whose phrase states the fact; the subject of a sentence is usually its topic.
_ROLE_WEIGHT = {
    "attr": 1.0,
    "dobj": 1.0,
    "oprd": 1.0,
    "appos": 0.8,
    "pobj": 0.8,
    "nsubjpass": 0.9,
    "nsubj": 0.4,
}
_OBJECT_ROLES = frozenset({"dobj", "attr", "oprd", "pobj", "classified", "classifies"})
# Nouns that name no particular thing: a phrase made of these alone teaches nothing.
GENERIC_NOUNS = frozenset(
    """people person persons individual individuals patient patients someone anyone everyone
    doctor doctors provider providers physician physicians specialist scientist scientists
    researcher researchers expert experts team professional professionals
    thing things way ways part parts type types kind kinds form forms number numbers amount
    lot lots time times case cases problem problems issue issues condition conditions disease
    diseases disorder disorders illness symptom symptoms sign signs result results effect
    effects information article page site section fact facts example examples factor factors
    treatment treatments therapy test tests testing option options process area areas level
    levels group groups member members use uses change changes step steps question questions
    reason reasons risk chance order need needs help care health life day days year years
    week weeks month months hour hours minute minutes list variety range majority minority
    percent rest end beginning start cause causes approach method methods procedure
    procedures body situation aspects aspect feature features syndrome deficiency cancer
    infection degree degrees diagnosis management outlook prognosis severity workings presence
    development function amount amounts sample samples picture pictures clue clues cure
    cures protein proteins therapies mutation mutations medicine medicines medication
    medications drug drugs preparation preparations tube device machine substance substances
    investigators""".split()
)
# Who an article is for, not what it teaches, except where it says who gets the disease.
POPULATIONS = frozenset("children child adults adult men women babies infants kids".split())
_SKIP_LEADING = frozenset(
    "a an the this that these those some any your their his her its our my each every such "
    "certain other another many several".split()
)
# Word endings typical of medical terms.
_TERM_ENDING = re.compile(
    r"(?:itis|osis|oses|emia|aemia|oma|omas|pathy|plasia|ectomy|otomy|scopy|graphy|gram|"
    r"megaly|algia|penia|cytes?|ase|ine|ol|in|ide|genic|ism|uria|rrhea|rrhoea|trophy)$",
    re.I,
)
_BOUNDARY_DEPS = frozenset({"relcl", "acl", "advcl", "punct", "mark", "ccomp", "xcomp"})
MAX_WORDS = 5
# A blank holds one thing, or two joined by "and"/"or"; three or more are a list to name.
MAX_MEMBERS = 2


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    """How common a word is in English text (wordfreq's Zipf scale: 7 for "the", 3 for
    "aspirin", under 2 for "plasmapheresis"). Uncommon words are the terms worth learning."""
    return zipf_frequency(word, "en")


# A word rarer than this (wordfreq's Zipf scale) reads as a term to a general reader.
TERM_RARITY = 4.0


def rarity(phrase: str) -> float:
    """How common the phrase's rarest word is: low for "amenorrhea", high for "missed periods"."""
    found = re.findall(r"[a-z][a-z\-]+", phrase.lower())
    return min((_zipf(word) for word in found if word not in _SKIP_LEADING), default=8.0)


@dataclass(frozen=True)
class Candidate:
    start: int  # character offsets in the sentence
    end: int
    text: str
    score: float
    reasons: tuple[str, ...] = field(default=())
    role: str = ""


def candidates(
    doc: Doc,
    *,
    known: set[str],
    repeated: set[str],
    is_subject,
    about_people: bool = False,
) -> list[Candidate]:
    """Candidate answers in `doc`, best first, none overlapping a better one. Groups of people
    are answers only where the sentence is about who gets the disease (`about_people`)."""
    generic = GENERIC_NOUNS if about_people else GENERIC_NOUNS | POPULATIONS
    found: list[Candidate] = []
    weights = _weights(doc, is_subject)
    for token in doc:
        role = _role(token)
        if role == "nsubj" and "classified" in weights:
            role = "classified"
        elif role == "attr" and "classifies" in weights and token.head.lemma_ == "be":
            role = "classifies"
        if role not in weights or token.pos_ not in {"NOUN", "PROPN", "NUM"}:
            continue
        span = _phrase(doc, token)
        if span is None:
            continue
        first, last = span
        candidate = _score(
            doc, first, last, role, weights[role], known, repeated, is_subject, generic
        )
        if candidate is not None:
            found.append(candidate)
    found.extend(_named(doc, known, repeated, is_subject, generic))
    found.extend(_known(doc, known, repeated, is_subject, generic))
    found.sort(key=lambda c: (-c.score, c.start))
    kept: list[Candidate] = []
    for candidate in found:
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return kept


def _weights(doc: Doc, is_subject) -> dict[str, float]:
    """The subject carries the fact when the rest of the sentence is about the article's
    subject ("Occasionally, surgery will trigger the syndrome") or only classifies it
    ("Smoking is the leading risk factor")."""
    weights = dict(_ROLE_WEIGHT)
    for token in doc:
        if token.dep_ in {"dobj", "pobj", "attr"} and token.head.dep_ != "nsubj":
            phrase = doc[token.left_edge.i : token.i + 1].text
            generic_attr = token.dep_ == "attr" and token.lemma_.lower() in GENERIC_NOUNS
            if generic_attr:
                weights["classified"] = 1.1  # "Surgery is the most common treatment"
            elif is_subject(phrase) and token.dep_ != "pobj":
                weights["nsubj"] = 1.0
        if (
            token.dep_ == "nsubj"
            and token.lemma_.lower() in GENERIC_NOUNS
            and any(child.dep_ == "prep" for child in token.children)
        ):
            weights["classifies"] = 1.1  # "Treatment of stage I X is surgery"
    return weights


# "is called PiQ", "white blood cells called lymphocytes", "known as an autoimmune disease"
_NAMED = re.compile(
    r"\b(?:called|known as|termed|named)\s+(?:(?:a|an|the)\s+)?"
    r"(?P<term>[^\s,.;:()“”\"]+(?:\s[^\s,.;:()“”\"]+){0,3}?)(?=\s*(?:[,.;:()]|$|\s(?:and|or|is|are|in|that|which|because)\b))"
    r"|:\s+(?P<end>[^:,;.]+?)\.?$"  # "...has its own name: podagra."
)


def _named(doc: Doc, known: set[str], repeated: set[str], is_subject, generic) -> list[Candidate]:
    found = []
    for match in _NAMED.finditer(doc.text):
        group = "term" if match.group("term") else "end"
        if len(match.group(group).split()) > 4:
            continue
        span = doc.char_span(match.start(group), match.end(group))
        if span is None:
            continue
        candidate = _score(
            doc, span.start, span.end - 1, "named", 1.7, known, repeated, is_subject, generic
        )
        if candidate is not None:
            found.append(candidate)
    return found


def _known(doc: Doc, known: set[str], repeated: set[str], is_subject, generic) -> list[Candidate]:
    """A term the article defines, abbreviates or glosses, wherever it stands in the sentence."""
    found = []
    lowered = doc.text.lower()
    for term in known:
        if len(term) < 4 or term not in norm_key(lowered):
            continue
        matches = list(re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", lowered))
        if len(matches) != 1:
            continue
        span = doc.char_span(matches[0].start(), matches[0].end())
        if span is None or is_subject(span.text):
            continue
        candidate = _score(
            doc, span.start, span.end - 1, "term", 1.0, known, repeated, is_subject, generic
        )
        if candidate is not None:
            found.append(candidate)
    return found


def _role(token: Token) -> str:
    """The role of the phrase a token heads; a conjunct shares the role of its first member."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_


# Prepositions of place and time: "made in the liver", "spread to the arms", "during surgery".
# The answer keeps them, since "where?" or "when?" is the question.
PLACE_TIME = frozenset(
    "in within into inside through to during after before between under around near at from "
    "across along throughout outside on over beyond until without".split()
)


def _phrase(doc: Doc, head: Token) -> tuple[int, int] | None:
    """Token bounds of the noun phrase `head` heads: its modifiers on the left, its conjuncts,
    names ("stage II") and an "of" or place phrase on the right, never a clause. A phrase of
    place or time keeps its preposition."""
    if head.dep_ == "conj":
        return None  # asked together with the first member
    first = head.left_edge.i
    last = head.i
    for child in head.lefts:  # "more protein than usual": "than" hangs on "more"
        last = max(last, child.right_edge.i)
    for child in head.rights:
        if child.dep_ in {"conj", "cc", "nummod", "compound"} or (
            child.dep_ == "prep" and child.lower_ in {"of", "than"} | PLACE_TIME
        ):
            last = max(last, child.right_edge.i)
        elif child.dep_ == "appos" and child.i == last + 1 and child.right_edge.i - child.i < 2:
            last = child.right_edge.i  # "stage IVA"
        elif child.dep_ == "punct" and child.text == "," and _conj_follows(child):
            last = max(last, child.i)
        elif child.dep_ in _BOUNDARY_DEPS or child.dep_ == "prep":
            break
    # Cut at the first clause or bracket inside the phrase.
    for index in range(head.i + 1, last + 1):
        token = doc[index]
        if token.dep_ in {"relcl", "acl", "advcl"} or token.text in {"(", "—", "–", ";", ":"}:
            last = index - 1
            break
    for index in range(first, head.i):
        if doc[index].text in {"(", ")", "—", "–", ";", ":", '"', "“", "”"}:
            first = index + 1
    while first <= last and (
        doc[first].lower_ in _SKIP_LEADING or doc[first].pos_ in {"DET", "ADP", "PUNCT", "CCONJ"}
    ):
        first += 1
    while last >= first and (doc[last].pos_ in {"PUNCT", "CCONJ", "ADP"} or doc[last].is_space):
        last -= 1
    if first > last or any(doc[i].is_space for i in range(first, last + 1)):
        return None
    # "type II", "stage IVA": a numeral that names the thing belongs to it.
    while last + 1 < len(doc) and _is_numeral(doc[last + 1]) and not doc[last + 1].is_space:
        last += 1
    return first, last


_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X{1,3})[A-C]?$")


def _is_numeral(token: Token) -> bool:
    return bool(_ROMAN.match(token.text)) or (token.like_num and token.pos_ == "NUM")


def _conj_follows(comma: Token) -> bool:
    following = comma.nbor(1) if comma.i + 1 < len(comma.doc) else None
    return following is not None and following.dep_ in {"conj", "cc"}


def _score(
    doc: Doc,
    first: int,
    last: int,
    role: str,
    weight: float,
    known: set[str],
    repeated: set[str],
    is_subject,
    generic: frozenset[str],
) -> Candidate | None:
    tokens = doc[first : last + 1]
    text = tokens.text
    content = [t for t in tokens if t.is_alpha or t.like_num or any(c.isalnum() for c in t.text)]
    content = [t for t in content if not t.is_stop]
    if not content or len(tokens.text.split()) > MAX_WORDS:
        return None
    if sum(t.dep_ == "conj" for t in tokens) >= MAX_MEMBERS or any(
        t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod", "compound"} for t in tokens
    ):
        return None
    if any(t.pos_ == "PRON" or t.lower_ in {"this", "these", "those", "that"} for t in tokens):
        return None  # "high doses of these immunoglobulins" needs what "these" are
    if all(t.lower_ in generic or t.pos_ in {"ADJ", "ADV", "NUM", "VERB"} for t in content):
        return None
    # A name the sentence gives ("called atypical X syndrome") may build on the subject's name.
    if role != "named" and (
        is_subject(text) or any(is_subject(t.text) for t in content if t.pos_ == "PROPN")
    ):
        return None
    reasons = [f"role {role}"]
    if role == "named":
        reasons.append("a name the sentence gives")
    elif role in {"classified", "classifies"}:
        reasons.append("what the sentence says it is")
    score = weight
    key = norm_key(text)
    if key in known or any(norm_key(t.text) in known for t in content):
        score += 0.6
        reasons.append("a term the article names")
    if any(t.text[1:] != t.text[1:].lower() or any(c.isdigit() for c in t.text) for t in content):
        score += 0.3
        reasons.append("a name with capitals or digits")
    if any(_TERM_ENDING.search(t.text) and len(t.text) >= 7 for t in content):
        score += 0.3
        reasons.append("a medical word")
    rarest = min(_zipf(t.lower_) for t in content)
    if rarest < 4.0:
        score += 0.5 if rarest < 3.0 else 0.3
        reasons.append("an uncommon word")
    if any(t.lower_ in repeated for t in content if t.lower_ not in generic):
        score += 0.2
    head = max(tokens, key=lambda t: t.i if t.head.i < first or t.head.i > last else -1)
    if head.lower_ in generic and any(t.lower_ == "of" for t in tokens):
        return None  # "severity of the illness", "stage of the disease": a generic "N of X"
    specific = [t for t in content if t.lower_ not in generic and t.pos_ in {"NOUN", "PROPN"}]
    if len(reasons) == 1 and (len(specific) < 2 or role not in _OBJECT_ROLES):
        return None  # a role alone: "the lungs", "clues", "protein" are no terms to learn
    if len(reasons) == 1:
        reasons.append("a specific phrase")  # "chest pain and breathing trouble"
    if first == 0:
        score -= 0.2  # the sentence's opening phrase is usually what it is about
    return Candidate(
        start=doc[first].idx,
        end=doc[last].idx + len(doc[last].text),
        text=text,
        score=round(score, 2),
        reasons=tuple(reasons),
        role=role,
    )
