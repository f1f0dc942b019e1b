"""armswatch.ingest.warc: web archives, plain and gzipped, whole and cut."""

from __future__ import annotations

import pytest
from ingest_helpers import PAGE, warc_bytes

from armswatch.ingest.warc import read_warc
from armswatch.model import RawDocument, Skipped


def _page(n: int) -> bytes:
    words = " ".join(f"Paragraph {n} says the navy of country {n} bought ships." for _ in range(20))
    return PAGE.format(title=f"Story {n}", text=words).encode("utf-8")


RECORDS = [
    ("response", "https://news.example/1", "200 OK|text/html; charset=utf-8", _page(1)),
    ("response", "https://news.example/logo.png", "200 OK|image/png", b"\x89PNG\x00\x00"),
    ("response", "https://news.example/moved", "301 Moved Permanently|text/html", b"<p>moved</p>"),
    ("request", "https://news.example/1", "200 OK|application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n"),
    ("response", "https://news.example/2", "200 OK|application/xhtml+xml", _page(2)),
]


@pytest.mark.parametrize("gzip", [False, True])
def test_html_200_responses_become_documents(make_warc, gzip):
    path = make_warc("crawl.warc.gz" if gzip else "crawl.warc", RECORDS, gzip=gzip)
    records = list(read_warc(path))
    assert [r.doc_id for r in records] == ["https://news.example/1", "https://news.example/2"]
    first = records[0]
    assert isinstance(first, RawDocument) and first.is_html
    assert first.url == first.doc_id
    assert first.published and first.published[:2] == "20"  # the WARC-Date
    assert "Story 1" in first.body


def test_truncated_warc_gz_yields_complete_records_then_one_skipped(tmp_path):
    many = [("response", f"https://news.example/{n}", "200 OK|text/html", _page(n)) for n in range(8)]
    data = warc_bytes(many, gzip=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.6)])
    records = list(read_warc(str(path)))
    docs, skipped = records[:-1], records[-1]
    assert docs and all(isinstance(r, RawDocument) for r in docs)
    assert [d.doc_id for d in docs] == [f"https://news.example/{n}" for n in range(len(docs))]
    assert len(docs) < 8
    assert isinstance(skipped, Skipped) and "truncated" in skipped.reason


def test_truncated_plain_warc_drops_the_partial_record(tmp_path):
    many = [("response", f"https://news.example/{n}", "200 OK|text/html", _page(n)) for n in range(4)]
    data = warc_bytes(many, gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: int(len(data) * 0.6)])
    records = list(read_warc(str(path)))
    assert isinstance(records[-1], Skipped) and "truncated" in records[-1].reason
    assert all(isinstance(r, RawDocument) for r in records[:-1])
    assert len(records[:-1]) < 4


def test_garbage_warc_is_skipped_not_raised(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    records = list(read_warc(str(path)))
    assert records and all(isinstance(r, Skipped) for r in records)


def test_missing_warc_is_skipped(tmp_path):
    [skipped] = list(read_warc(str(tmp_path / "none.warc")))
    assert isinstance(skipped, Skipped)


def test_empty_warc_is_reported(tmp_path):
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    [skipped] = list(read_warc(str(path)))
    assert isinstance(skipped, Skipped) and skipped.reason == "no WARC records"
