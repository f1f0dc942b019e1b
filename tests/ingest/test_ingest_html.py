"""armswatch.ingest.html: web pages saved to disk."""

from __future__ import annotations

from armswatch.ingest.html import read_html
from armswatch.model import RawDocument, Skipped

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Egypt buys frigates</title>
<style>body { font-family: serif }</style><script>trackVisit("x");</script></head>
<body><nav><a href="/">Home</a><a href="/defence">Defence</a></nav>
<article><h1>Egypt buys frigates</h1><p>Egypt has agreed to buy two frigates from Italy.</p></article>
</body></html>"""


def test_html_file_is_one_html_document(tmp_path):
    path = tmp_path / "egypt.html"
    path.write_text(PAGE, encoding="utf-8")
    [doc] = list(read_html(str(path)))
    assert isinstance(doc, RawDocument)
    assert doc.is_html is True
    assert doc.doc_id == doc.source == str(path)
    # The reader keeps the markup; removing scripts and navigation is clean.html's job.
    assert "<script>" in doc.body and "two frigates" in doc.body


def test_htm_in_a_legacy_charset_is_decoded(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Défense</p>'.encode("latin-1"))
    [doc] = list(read_html(str(path)))
    assert "Défense" in doc.body


def test_binary_disguised_as_html_is_skipped(tmp_path):
    path = tmp_path / "fake.html"
    path.write_bytes(b"\x00\x01\x02\x03" * 100)
    [skipped] = list(read_html(str(path)))
    assert isinstance(skipped, Skipped)
