"""Pure-Python generator: source text -> Article -> facts -> DraftBank.

Nothing here imports Django, so it runs as `python -m learning.ingestion FILE` with no database.
"""

from learning.ingestion.errors import IngestionError
from learning.ingestion.model import (
    CATEGORIES,
    CLOZE_BLANK,
    QUESTION_TYPES,
    TRUE_FALSE,
    DraftBank,
    DraftQuestion,
)
from learning.ingestion.pipeline import MAX_SOURCE_BYTES, build_bank, decode_source

__all__ = [
    "CATEGORIES",
    "CLOZE_BLANK",
    "MAX_SOURCE_BYTES",
    "QUESTION_TYPES",
    "TRUE_FALSE",
    "DraftBank",
    "DraftQuestion",
    "IngestionError",
    "build_bank",
    "decode_source",
]
