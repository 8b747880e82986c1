from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from learning.ingestion import DraftBank, build_bank, decode_source
from learning.ingestion.pipeline import detect_format, read_nodes
from learning.ingestion.text import clean_space, norm_key

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "sources" / "poems-syndrome.txt"
ARTICLES = sorted(
    path
    for path in (Path(__file__).parent / "articles").iterdir()
    if not path.name.endswith(".json")
)


def bank_for(path: Path) -> DraftBank:
    return build_bank(decode_source(path.read_bytes()), filename=path.name)


def answers(question) -> str:
    """Everything a question holds up as right: answer, accepted answers, matching pairs."""
    return norm_key(
        " ".join(
            [
                question.answer,
                *question.accepted_answers,
                *(side for pair in question.pairs for side in pair),
            ]
        )
    )


def visible_text(path: Path) -> str:
    """The article's text as a reader sees it: markup gone, white space folded."""
    text = path.read_text(encoding="utf-8")
    nodes = read_nodes(text, detect_format(text, path.name))
    return clean_space(" ".join(node.text for node in nodes))


def active_bank(path: Path) -> DraftBank:
    """What learners meet: the bank without its reserve."""
    bank = bank_for(path)
    return replace(bank, questions=bank.active())


@pytest.fixture(scope="session")
def seed_bank() -> DraftBank:
    return active_bank(SEED)
