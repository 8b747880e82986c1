"""Questions about names: the acronym letter by letter, other names, definitions, abbreviations."""

from __future__ import annotations

import re

from learning.ingestion.collector import Collector, pick_distractors, shuffled
from learning.ingestion.facts import Facts, Sentence, item_label
from learning.ingestion.spans import GENERIC_NOUNS, TERM_RARITY, rarity
from learning.ingestion.terms import align_acronym, split_phrases
from learning.ingestion.text import lower_first, norm_key, upper_first

_ACRONYM_CUE = re.compile(r"stands? for|acronym|short for|gets its name|named (?:for|after)", re.I)


def add_acronym(facts: Facts, out: Collector) -> None:
    for acronym in (word for word in facts.subject.split() if len(word) >= 3 and word.isupper()):
        found = _find_acronym(facts, acronym)
        if not found:
            continue
        letters, sentence = found
        section, quote = sentence.section.heading, sentence.text
        expansion = ", ".join(upper_first(term) for _, term in letters)
        out.add(
            quality=0.95,
            reasons=["the acronym spelled out"],
            category="acronym",
            type="flashcard",
            prompt=f"What does {acronym} stand for?",
            answer=expansion,
            quote=quote,
            section=section,
        )
        out.add(
            quality=0.9,
            reasons=["the acronym letter by letter"],
            category="acronym",
            type="matching",
            prompt=f"Match each letter of {acronym} to what it stands for.",
            answer="; ".join(f"{group} – {term}" for group, term in letters),
            quote=quote,
            section=section,
            pairs=[(group, upper_first(term)) for group, term in letters],
        )
        for group, term in letters:
            what = f"the letter {group}" if len(group) == 1 else f"the letters {group}"
            verb = "does" if len(group) == 1 else "do"
            prompt = f"In {acronym}, what {verb} {what} stand for?"
            accepted = [term, *_long_forms(facts, term)]
            out.add(
                quality=0.9,
                reasons=["one letter of the acronym"],
                category="acronym",
                type="typed",
                prompt=prompt,
                answer=upper_first(term),
                quote=quote,
                section=section,
                accepted=accepted,
            )
            # No multiple choice from the other letters' words: only one option would start
            # with the letter asked. The typed question asks it instead.
        return


def _find_acronym(facts: Facts, acronym: str) -> tuple[list[tuple[str, str]], Sentence] | None:
    for sentence in facts.sentences:
        if acronym in sentence.text and _ACRONYM_CUE.search(sentence.text):
            tail = sentence.text.split(acronym, 1)[1]
            letters = align_acronym(acronym, split_phrases(tail))
            if letters:
                return letters, sentence
    for section in facts.article.sections:
        for block in section.lists:
            heads = [item_label(item.name or item.text) for item in block.items]
            letters = align_acronym(acronym, heads)
            if letters and (acronym in block.lead_in or len(letters) == len(heads)):
                first = block.items[0].text
                return letters, Sentence(block.lead_in or first, section, "acronym", block)
    return None


def _long_forms(facts: Facts, term: str) -> list[str]:
    """'M-protein' is also right when typed as 'monoclonal protein'."""
    key = norm_key(term)
    return [
        value
        for abbreviation, _ in facts.abbreviations.values()
        if key in {norm_key(abbreviation.short), norm_key(abbreviation.long)}
        for value in (abbreviation.short, abbreviation.long)
    ]


def add_other_names(facts: Facts, out: Collector) -> None:
    all_names = [name for names, _ in facts.other_names for name in names]
    if not all_names:
        return
    subject = facts.subject
    wrong_pool = facts.condition_names()
    for names, sentence in facts.other_names:
        quote, section = sentence.text, sentence.section.heading
        out.add(
            quality=0.85,
            reasons=["other names the article gives"],
            category="synonyms",
            type="flashcard",
            prompt=f"What other names is {subject} known by?",
            answer=", ".join(names),
            quote=quote,
            section=section,
        )
        out.add(
            quality=0.85,
            reasons=["other names the article gives"],
            category="synonyms",
            type="typed",
            prompt=f"Give another name for {subject}.",
            answer=names[0],
            accepted=all_names,
            quote=quote,
            section=section,
        )
        for name in names:
            prompt = f"Which of these is another name for {subject}?"
            # Every other name the article gives is banned, so a right answer is never "wrong".
            wrong = pick_distractors([*all_names, subject], wrong_pool, seed=f"{prompt}{name}")
            if wrong:
                out.add(
                    quality=0.7,
                    reasons=["wrong options are other conditions the article names"],
                    category="synonyms",
                    type="mcq",
                    prompt=prompt,
                    answer=name,
                    quote=quote,
                    section=section,
                    choices=shuffled([name, *wrong], name),
                )
            out.add(
                quality=0.7,
                reasons=["another name the article gives"],
                category="synonyms",
                type="true_false",
                prompt=f"{upper_first(subject)} is also called {name}.",
                answer="True",
                quote=quote,
                section=section,
            )
        wrong = pick_distractors([*all_names, subject], wrong_pool, seed=quote, count=1)
        if wrong:
            out.add(
                quality=0.6,
                reasons=["a condition the article names, not another name"],
                category="synonyms",
                type="true_false",
                prompt=f"{upper_first(subject)} is also called {wrong[0]}.",
                answer="False",
                quote=quote,
                section=section,
            )


def add_definitions(facts: Facts, out: Collector) -> None:
    pools = _DefinitionPools(facts)
    for definition, sentence in facts.definitions:
        if not _defines(facts, definition, sentence):
            continue
        term, verb = definition.term, definition.verb
        category, quote, section = sentence.category, sentence.text, sentence.section.heading
        answer = upper_first(definition.predicate)
        if facts.is_subject(term):
            # The subject "is" many things at once, so no other definition can be a safe
            # wrong option: ask it as a flashcard only.
            out.add(
                quality=0.8,
                reasons=["the article's definition of its subject"],
                category="overview",
                type="flashcard",
                prompt=f"What is {facts.subject}?",
                answer=answer,
                quote=quote,
                section=section,
            )
            continue
        named = lower_first(term)
        article = re.match(r"(a|an|the) ", sentence.text, re.I)
        if article:
            # "A hormone is a natural chemical…": the term keeps the article the article gave it
            named = f"{article.group(1).lower()} {named}"
        prompt = (
            f"What does {lower_first(term)} {verb.rstrip('s')}?"
            if verb in {"involves", "means"}
            else f"What {verb} {named}?"
        )
        out.add(
            quality=0.8,
            reasons=["a definition in the article"],
            category=category,
            type="flashcard",
            prompt=prompt,
            answer=answer,
            quote=quote,
            section=section,
        )
        banned = pools.true_of(term)
        siblings = pools.siblings(sentence)
        wrong = pick_distractors(banned, [siblings, pools.all], seed=prompt)
        if wrong and verb in {"is", "are"}:
            out.add(
                quality=0.7,
                reasons=["wrong options define other terms"],
                category=category,
                type="mcq",
                prompt=prompt,
                answer=answer,
                quote=quote,
                section=section,
                choices=shuffled([answer, *map(upper_first, wrong)], prompt),
            )
        if (
            verb in {"is", "are", "means", "refers to"}
            and len(term.split()) <= 4
            and len(definition.predicate.split()) <= MAX_DEFINITION_WORDS
            and rarity(term) < TERM_RARITY  # "good news" is no term to name
        ):
            out.add(
                quality=0.85,
                reasons=["a definition in the article"],
                category=category,
                type="typed",
                prompt=f"Which term is defined as: “{definition.predicate}”?",
                answer=term,
                accepted=[term, *_long_forms(facts, term)],
                quote=quote,
                section=section,
            )
        # No "X is <another term's definition>" statement: two definitions in an article can
        # both be true of one thing ("an angiogram is a special kind of x ray").


# "Which term is defined as: …" quotes the definition: longer ones are read, not recalled.
MAX_DEFINITION_WORDS = 20
_PEOPLE = frozenset(
    """researchers scientists investigators doctors experts people individual individuals
    patients providers physicians children adults men women someone""".split()
)


def _defines(facts: Facts, definition, sentence: Sentence) -> bool:
    """'Organomegaly is abnormally large organs' defines a term; 'Researchers are working on
    treatments' and 'The way it is given depends on…' do not."""
    if not facts.is_subject(definition.term) and (
        definition.term.lower().split()[-1] in _PEOPLE | GENERIC_NOUNS
    ):
        return False
    if re.match(
        r"(?:the )?(?:main|most|best|first|only|same|more|less|least|as|one of|present|"
        r"generally|usually|often|also)\b",
        definition.predicate,
        re.I,
    ):
        return False  # a ranking, a comparison or a remark, not a definition
    if len(definition.predicate.split()) <= len(definition.term.split()):
        return False
    doc = facts.parser.parse(sentence.text)
    if doc is None:
        return False
    start = sentence.text.find(definition.predicate)
    first = [t for t in doc if t.idx >= start and not t.is_space][:2]
    if not first:
        return False
    # "a natural chemical…", "inflammation of…", "abnormally large organs"
    if first[0].pos_ in {"DET", "NOUN"}:
        return True
    return (
        first[0].tag_ == "RB"
        and first[0].lower_.endswith("ly")
        and len(first) > 1
        and first[1].pos_ == "ADJ"
    )


class _DefinitionPools:
    """Predicates that can serve as wrong definitions, indexed once per article."""

    def __init__(self, facts: Facts) -> None:
        self.by_term: dict[str, list[str]] = {}
        self.by_block: dict[int, list[str]] = {}
        self.subject_claims: list[str] = []
        self.all: list[str] = []
        for definition, sentence in facts.definitions:
            if facts.is_subject(definition.term):
                self.subject_claims.append(definition.predicate)
                continue
            self.by_term.setdefault(norm_key(definition.term), []).append(definition.predicate)
            self.all.append(definition.predicate)
            if sentence.block is not None:
                self.by_block.setdefault(id(sentence.block), []).append(definition.predicate)

    def true_of(self, term: str) -> list[str]:
        """What may not be offered as wrong about `term`: its own definitions, and those of
        anything it is said to be (if "X is a Y", whatever defines Y also describes X)."""
        own = self.by_term.get(norm_key(term), [])
        banned = [*own, *self.subject_claims]
        for predicate in own:
            tokens = norm_key(predicate).split()
            for size in range(1, 5):
                for start in range(len(tokens) - size + 1):
                    banned += self.by_term.get(" ".join(tokens[start : start + size]), [])
        return banned

    def siblings(self, sentence: Sentence) -> list[str]:
        return self.by_block.get(id(sentence.block), []) if sentence.block is not None else []


def _spelled_by_acronym(facts: Facts, short: str) -> bool:
    """An acronym the subject is named by is asked letter by letter already."""
    return (
        short in facts.subject.split()
        and short.isupper()
        and len(short) >= 3
        and bool(_find_acronym(facts, short))
    )


def add_abbreviations(facts: Facts, out: Collector) -> None:
    pairs: list[tuple[str, str]] = []
    first: Sentence | None = None  # the matching card cites where its first pair is defined
    for short, (abbreviation, sentence) in facts.abbreviations.items():
        # "What does XYZ stand for?" is the first thing to learn about XYZ, the subject.
        own = facts.is_subject(abbreviation.long) and not _spelled_by_acronym(facts, short)
        if not own:
            if facts.is_subject(short) or rarity(abbreviation.long) >= TERM_RARITY:
                continue  # "assigned male at birth (AMAB)" abbreviates no medical term
            first = first or sentence
            pairs.append((short, abbreviation.long))
        out.add(
            quality=0.9,
            reasons=[
                "the abbreviation of the article's subject"
                if own
                else "an abbreviation the article spells out"
            ],
            category="acronym" if own else sentence.category,
            type="typed",
            prompt=f"What does {short} stand for?",
            answer=abbreviation.long,
            accepted=[abbreviation.long],
            quote=sentence.text,
            section=sentence.section.heading,
        )
    if len(pairs) >= 3 and first is not None:
        out.add(
            quality=0.85,
            reasons=["the article's abbreviations"],
            category="overview",
            type="matching",
            prompt="Match each abbreviation used in the article to its meaning.",
            answer="; ".join(f"{short} – {long}" for short, long in pairs[:8]),
            quote=first.text,
            section=first.section.heading,
            pairs=pairs[:8],
        )
