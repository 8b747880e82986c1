"""The study views' sample cards: one of each type, with real answers to check against."""

from __future__ import annotations

FIRST = {"type": "flashcard", "category": "acronym", "prompt": "First card?"}
SECOND = {"type": "flashcard", "category": "symptoms", "prompt": "Second card?"}
FLASHCARD = {
    "type": "flashcard",
    "category": "acronym",
    "prompt": "What does POEMS stand for?",
    "answer": "Polyneuropathy, organomegaly, endocrinopathy, M-protein, skin changes",
    "source_quote": "POEMS stands for its common signs.",
    "section": "Overview",
}
TYPED = {
    "type": "typed",
    "category": "acronym",
    "prompt": "In POEMS, what does the letter P stand for?",
    "answer": "Polyneuropathy",
    "accepted_answers": ["polyneuropathy", "peripheral neuropathy"],
}
CLOZE = {
    "type": "cloze",
    "category": "symptoms",
    "prompt": "POEMS damages the _____ nerves.",
    "answer": "peripheral",
    "accepted_answers": ["peripheral"],
}
MCQ = {
    "type": "mcq",
    "category": "synonyms",
    "prompt": "Which is another name for POEMS syndrome?",
    "answer": "Crow-Fukase syndrome",
    "choices": ["Lupus", "Crow-Fukase syndrome", "Gout", "Asthma"],
}
TRUE_FALSE = {
    "type": "true_false",
    "category": "synonyms",
    "prompt": "POEMS syndrome is also called Takatsuki syndrome.",
    "answer": "True",
    "choices": ["True", "False"],
}
MATCHING = {
    "type": "matching",
    "category": "tests",
    "prompt": "Match each test to what it shows.",
    "answer": "Biopsy – plasma cells; X-ray – bone lesions; Blood test – M-protein",
    "pairs": [["Biopsy", "plasma cells"], ["X-ray", "bone lesions"], ["Blood test", "M-protein"]],
}
