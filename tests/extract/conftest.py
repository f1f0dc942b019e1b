import datetime as dt

import pytest

from armswatch.model import Article


@pytest.fixture(scope="session")
def extractor():
    from armswatch.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def events_of(extractor):
    """Extract from a text written for the test; returns the merged events."""

    def run(text: str, published: dt.date | None = None, doc_id: str = "t"):
        return extractor.extract(Article(doc_id=doc_id, text=text, published=published))

    return run
