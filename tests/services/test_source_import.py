"""source_import: the bytes of an upload or a file, refused whole when they cannot be stored."""

from __future__ import annotations

import pytest

from learning.ingestion import IngestionError
from learning.models import Bank
from learning.services.imports import source_import
from tests.ingestion.conftest import SEED

pytestmark = pytest.mark.django_db


def test_a_nul_after_the_binary_sniff_is_refused_with_one_line_and_writes_nothing() -> None:
    data = SEED.read_bytes()
    # Past the first 8192 bytes, which the "looks binary" check reads, inside a sentence.
    cut = data.index(b". ", 9000) + 1
    data = data[:cut] + b"\x00" + data[cut:]

    with pytest.raises(IngestionError, match="NUL byte") as error:
        source_import(data=data, filename=SEED.name)

    assert "\n" not in str(error.value)
    assert not Bank.objects.exists()
