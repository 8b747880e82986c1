"""The shared corpus of real articles (../shared/corpus beside the checkout), read in place and
never copied. Tests that need it skip when it is absent, unless CORPUS_REQUIRED=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
ARTICLES = sorted((CORPUS / "articles").glob("*.*")) if (CORPUS / "articles").is_dir() else []
DOCUMENTS = sorted((CORPUS / "documents").glob("*.*")) if (CORPUS / "documents").is_dir() else []


def require_corpus() -> None:
    if ARTICLES:
        return
    if os.environ.get("CORPUS_REQUIRED") == "1":
        pytest.fail(f"CORPUS_REQUIRED=1 but there is no corpus at {CORPUS}")
    pytest.skip(f"no corpus at {CORPUS}")


def article_for(document: Path) -> Path:
    return next(path for path in ARTICLES if path.stem == document.stem)
