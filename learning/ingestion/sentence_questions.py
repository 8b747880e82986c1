"""Questions from single sentences: figures, negations and a cloze for every fact sentence."""

from __future__ import annotations

import re

from learning.ingestion.collector import Collector, shuffled
from learning.ingestion.facts import Facts, Sentence
from learning.ingestion.model import CLOZE_BLANK
from learning.ingestion.nlp import PRONUNCIATION
from learning.ingestion.referents import (
    DEPENDENT,
    LINKING,
    affected_people,
    opening_reference,
    resolve,
    rewrite,
)
from learning.ingestion.referents import context as context_of
from learning.ingestion.spans import GENERIC_NOUNS, POPULATIONS, candidates, rarity
from learning.ingestion.terms import COMPARATIVE, find_figures, flip_negation
from learning.ingestion.text import STOPWORDS, norm_key, stable_hash, upper_first

_NOT_FACTS = re.compile(r"^(?:ask|talk|learn|visit|call|see|tell|read|click)\b", re.I)
_SINGLE_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)( ?%| [A-Za-z/]+)?$")


# Sentences about the page, not about the subject.
_META = re.compile(
    r"\b(?:this|the) (?:article|page|fact sheet|section|website|site)\b|\bclick\b|"
    r"\blinks? (?:above|below)\b|\bmore information\b|\bsee (?:the )?(?:section|below|above)\b|"
    r"\bgo to\b|\bvisit\b",
    re.I,
)
# A phrase must score this much to be a blank: a role that carries the fact and a term.
MIN_SCORE = 1.2
# A sentence ends like one; a line cut off before its list ("…will test the sample to") does not.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
# A sentence given before a cloze to say what its "These symptoms" are, if it is short.
_MAX_CONTEXT_WORDS = 30
# A word more common than this (Zipf) is everyday English: repeating it gives nothing away.
_EVERYDAY = 4.4
# A cloze from a shorter sentence needs a term the article names: little else pins it down.
_MIN_CLOZE_WORDS = 8
# Words a cloze keeps beside its blank, at least.
_MIN_CONTEXT_WORDS = 3
# A second blank only in a sentence of 12 words or more.
_WORDS_PER_BLANK = 12


def add_sentence_questions(facts: Facts, out: Collector) -> None:
    known = {norm_key(term) for term in facts.known_terms()}
    repeated = {word for word, count in facts.word_counts().items() if count >= 3}
    previous: list = []
    section = None
    for sentence in facts.sentences:
        text = sentence.text
        if sentence.section is not section:
            previous, section = [], sentence.section
        doc = facts.parser.parse(text)
        if text.endswith("?") or _NOT_FACTS.match(text) or _META.search(text) or doc is None:
            continue
        asked_figure = _add_figures(facts, out, sentence)
        _add_negation(out, sentence)
        if len(text.split()) >= 4 and (_SENTENCE_END.search(text) or sentence.block):
            _add_clozes(facts, out, sentence, doc, previous, known, repeated, asked_figure)
        previous.append(doc)


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
        # A bare number is right only for a single figure: "3" is not "3 to 4 days".
        single = number and len(re.findall(r"\d[\d,.]*", figure)) == 1
        accepted = [figure, number.group(0)] if single else [figure]
        out.add(
            type="cloze",
            prompt=prompt,
            answer=figure,
            accepted=accepted,
            quality=0.85,
            reasons=["a figure with its unit"],
            **_common(sentence),
        )
        asked = True
        before = sentence.text[max(0, match.start() - 20) : match.start()]
        after = sentence.text[match.end() : match.end() + 40]
        if COMPARATIVE.search(f"{before} {figure}"):
            continue  # "less than 28 years" might still be true, so no altered figures here
        if re.match(r"\s*\([^)]*\d", after) or re.match(r"[^.;]*:", after):
            continue  # "25% (1 in 4)" or "6 forms: …" would give the altered figure away
        wrong = _altered_figures(figure)
        if wrong:
            out.add(
                type="mcq",
                quality=0.75,
                reasons=["wrong options are altered figures"],
                prompt=prompt,
                answer=figure,
                choices=shuffled([figure, *wrong], prompt),
                **_common(sentence),
            )
            false = sentence.text[: match.start()] + wrong[0] + sentence.text[match.end() :]
            out.add(
                type="true_false",
                quality=0.7,
                reasons=["an altered figure"],
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
    if value < 10 and "." not in match.group(1):
        factors = (2, 3, 4)  # "about 3 percent" halved and rounded is "2": too close to be false
    values = []
    for factor in factors:
        new = value * factor
        text = f"{new:g}" if "." in match.group(1) else str(round(new))
        if text != match.group(1) and new > 0:
            values.append(f"{text}{unit}")
    return values if len(set(values)) == 3 else []


def _add_negation(out: Collector, sentence: Sentence) -> None:
    flipped = flip_negation(sentence.text)
    if not flipped or flipped == sentence.text:
        return
    # One of the pair, not both: the twin of a statement just seen answers itself.
    if int(stable_hash(sentence.text), 16) % 2:
        out.add(
            type="true_false",
            prompt=sentence.text,
            answer="True",
            quality=0.7,
            reasons=["a negation the article states"],
            **_common(sentence),
        )
    else:
        out.add(
            type="true_false",
            prompt=flipped,
            answer="False",
            quality=0.75,
            reasons=["the article states the opposite"],
            **_common(sentence),
        )


def _add_clozes(
    facts: Facts,
    out: Collector,
    sentence: Sentence,
    doc,
    previous: list,
    known: set[str],
    repeated: set[str],
    asked_figure: bool,
) -> None:
    text = sentence.text
    if sentence.block is not None and not _has_subject(doc):
        return  # a list item like "Are 50 years old or older." is asked with its list
    reference = opening_reference(doc)
    referent = context = None
    linking = LINKING.match(text)
    if reference is not None or DEPENDENT.match(text):
        if reference is not None:
            referent = resolve(doc, reference, previous, facts.subject, facts.mentions_subject)
        if referent is None:
            # "These symptoms are accompanied by _____." reads after the sentence it points
            # back to, if that sentence names them; otherwise it asks nothing.
            before = (
                context_of(doc, reference, previous)
                if reference is not None
                else (previous[-1].text if previous else None)
            )
            if not before or len(before.split()) > _MAX_CONTEXT_WORDS:
                return
            context = PRONUNCIATION.sub("", before.strip())
    found = candidates(
        doc,
        known=known,
        repeated=repeated,
        is_subject=facts.mentions_subject,
        about_people=sentence.category == "epidemiology",
    )
    found = [
        c for c in found if _find_once(text, c.text) and not _beside_abbreviation(facts, text, c)
    ]
    if reference is not None:
        found = [c for c in found if c.start >= reference[1]]
    if asked_figure:
        found = [c for c in found if not re.search(r"\d", c.text)]
    opening = max(reference[1] if reference else 0, linking.end() if linking else 0)
    found = [
        c
        for c in found
        if _stands_alone(text, c)
        and c.start >= opening
        and not _echoed(text, c)
        and not _too_much(text, c)
        and not _names_subject(facts, c)
    ]
    # A long sentence may state two facts: the second gets its own blank.
    chosen = [c for c in found[:1] if c.score >= MIN_SCORE - 0.2] + [
        c for c in found[1:2] if c.score >= MIN_SCORE and len(text.split()) >= _WORDS_PER_BLANK
    ]
    for candidate in chosen:
        named = {"a term the article names", "a name the sentence gives"} & set(candidate.reasons)
        if len(text.split()) < _MIN_CLOZE_WORDS and not named and not _specific_subject(doc):
            continue  # "Rarely, a child may need to have _____." could take many answers
        prompt = _blank(text, candidate.start, candidate.end)
        prompt = PRONUNCIATION.sub("", prompt) if PRONUNCIATION.search(prompt) else prompt
        if reference is not None and referent is not None:
            prompt = rewrite(prompt, reference, referent)
        elif linking is not None:
            prompt = upper_first(prompt[linking.end() :])  # "However, …" links to nothing here
        if sentence.block is None:  # in a "Vascular type –" item, affected people are its own
            prompt = affected_people(prompt, facts.subject) or prompt
        if context is not None:
            prompt = f"{context} {prompt}"
        question = _subject_question(doc, candidate) if not context else None
        if question and sentence.block is None and referent is None:
            out.add(
                type="typed",
                prompt=question,
                answer=candidate.text,
                accepted=[candidate.text, *_other_forms(facts, candidate.text)],
                quality=min(0.95, round(0.6 + 0.2 * (candidate.score - 1), 2)),
                reasons=[*candidate.reasons, "asks for the subject of the sentence"],
                **_common(sentence),
            )
        out.add(
            type="cloze",
            prompt=prompt,
            answer=candidate.text,
            accepted=[candidate.text, *_other_forms(facts, candidate.text)],
            quality=min(0.95, round(0.55 + 0.2 * (candidate.score - 1), 2)),
            reasons=list(candidate.reasons)
            + (["referent resolved"] if referent else [])
            + (["the sentence before it says what it points to"] if context else []),
            **_common(sentence),
        )


def _subject_question(doc, candidate) -> str | None:
    """'Smoking is the leading risk factor for lung disease.' ->
    'What is the leading risk factor for lung disease?': the subject becomes the question word,
    the rest of the sentence stays as written."""
    text = doc.text
    if candidate.role not in {"nsubj", "nsubjpass", "classified"} or not text.rstrip().endswith(
        "."
    ):
        return None
    following = [t for t in doc if t.idx >= candidate.end and not t.is_space][:1]
    if (
        not following
        or following[0].pos_ not in {"AUX", "VERB", "ADV", "PART"}
        or following[0].dep_ in {"acl", "relcl", "amod"}
    ):
        return None  # the phrase is not the whole subject ("The same system used for...")
    before = text[: candidate.start]
    before = re.sub(r"(?:^|\s)(?:a|an|the|your|their)\s*$", " ", before, flags=re.I).lstrip()
    if before and not before.rstrip().endswith(","):
        return None  # only an opening phrase like "Occasionally," may come first
    word = "what" if before else "What"
    question = f"{before}{word}{text[candidate.end :]}".rstrip()
    return question.rstrip(".!") + "?"


def _echoed(text: str, candidate) -> bool:
    """The rest of the sentence gives the answer away: "…a kidney transplant … until they
    can have a transplant", "radioactivity" beside "radioactive"."""
    rest = f"{text[: candidate.start]} {text[candidate.end :]}".lower()
    answer = [w for w in re.findall(r"[a-z]{5,}", candidate.text.lower()) if w not in STOPWORDS]
    # Any of its words said again ("blocked _____" after "Coronary", "a _____ … until they
    # can have a transplant"), by its first five letters.
    rest_stems = {word[:5] for word in re.findall(r"[a-z]{5,}", rest)}
    if not answer:
        return False
    # Everyday words ("chest" in "chest cavity … chest pain") give little away; the head word
    # and the rarer words do.
    telling = [answer[-1]] + [word for word in answer if rarity(word) < _EVERYDAY]
    return any(word[:5] in rest_stems for word in telling)


def _names_subject(facts: Facts, candidate) -> bool:
    """A part of the subject's own name ('hereditary _____') is no answer."""
    own = {w for key in facts.subject_keys for w in key.split() if w not in GENERIC_NOUNS}
    return any(word in own for word in norm_key(candidate.text).split() if len(word) > 3)


def _too_much(text: str, candidate) -> bool:
    """A blank that is most of a short sentence ("There are _____.") or that leaves too little
    to go on ("The grafted artery improves _____.") asks for guessing."""
    size = len(text.split())
    blank = len(candidate.text.split())
    in_brackets = "(" in text[: candidate.start] and ")" in text[candidate.end :]
    return (
        blank * 2 > size
        or size - blank < _MIN_CONTEXT_WORDS
        or (in_brackets and "," in candidate.text)
    )


def _stands_alone(text: str, candidate) -> bool:
    """The blank replaces whole words: not the "H7" of "O157:H7"."""
    before = text[candidate.start - 1] if candidate.start else " "
    after = text[candidate.end] if candidate.end < len(text) else " "
    short_form = len(candidate.text) <= 4 or candidate.text.lower() != candidate.text
    if before == "(" and after == ")" and " " not in candidate.text and short_form:
        return False  # "(µL)" abbreviates the word before it, which gives it away
    return (before.isspace() or before in "(“\"'—–") and not (after.isalnum() or after in ":/")


def _specific_subject(doc) -> bool:
    """'Sex hormones include _____.' pins its blank down; 'A person does not need _____.'
    does not: its subject is anyone."""
    subjects = [t for t in doc if t.dep_ in {"nsubj", "nsubjpass"}]
    return bool(subjects) and all(
        t.pos_ != "PRON" and t.lower_ not in GENERIC_NOUNS | POPULATIONS for t in subjects
    )


def _has_subject(doc) -> bool:
    """A sentence of its own: capitalised, its main verb with a subject. "keeping children out
    of pools if they have had diarrhea" is a list item that needs its lead-in."""
    roots = [token for token in doc if token.dep_ == "ROOT"]
    return doc.text[:1].isupper() and any(
        child.dep_ in {"nsubj", "nsubjpass", "expl"} for root in roots for child in root.children
    )


def _beside_abbreviation(facts: Facts, text: str, candidate) -> bool:
    """An expansion printed beside its abbreviation (or the other way round) gives itself away."""
    key = norm_key(candidate.text)
    for abbreviation, _ in facts.abbreviations.values():
        forms = {
            norm_key(abbreviation.long): abbreviation.short,
            norm_key(abbreviation.short): abbreviation.long,
        }
        other = forms.get(key)
        if other and other.lower() in text.lower():
            return True
    return False


def _other_forms(facts: Facts, answer: str) -> list[str]:
    key = norm_key(answer)
    forms = []
    for abbreviation, _ in facts.abbreviations.values():
        if key in {norm_key(abbreviation.short), norm_key(abbreviation.long)}:
            forms += [abbreviation.short, abbreviation.long]
    return forms


def _find_once(text: str, term: str) -> tuple[int, int] | None:
    """Where `term` stands as a whole phrase exactly once; a second copy would give it away."""
    matches = list(re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.I))
    if len(matches) != 1:
        return None
    return matches[0].start(), matches[0].end()


def _blank(text: str, start: int, end: int) -> str:
    return f"{text[:start]}{CLOZE_BLANK}{text[end:]}"
