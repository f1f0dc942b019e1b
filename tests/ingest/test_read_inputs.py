"""armswatch.ingest.read_inputs: dispatch, folders, order, bad paths."""

from __future__ import annotations

import gzip
import json
import os

from ingest_helpers import PAGE, warc_bytes

from armswatch.ingest import feed, html, jsonl, read_inputs, reader_for, text, warc
from armswatch.ingest.files import HIDDEN_REASON
from armswatch.model import RawDocument, Skipped

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>g1</guid><title>x</title><description>Item text.</description></item></channel></rss>"""


def _tree(root):
    (root / "b").mkdir()
    (root / "b" / "deep").mkdir()
    (root / "a.txt").write_text("First file.", encoding="utf-8")
    (root / "b" / "page.html").write_text("<p>A page.</p>", encoding="utf-8")
    (root / "b" / "deep" / "corpus.jsonl").write_text(
        json.dumps({"id": "c1", "text": "From a corpus."}) + "\n", encoding="utf-8"
    )
    (root / "b" / "deep" / "news.xml").write_bytes(RSS)
    (root / ".hidden.txt").write_text("never read", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("never read", encoding="utf-8")
    (root / "c.pdf").write_bytes(b"%PDF-1.4")
    page = PAGE.format(title="T", text="Some words").encode()
    (root / "b" / "deep" / "z.warc.gz").write_bytes(
        warc_bytes([("response", "https://w.example/1", "200 OK|text/html", page)], gzip=True)
    )


def test_folder_is_walked_recursively_in_sorted_order(tmp_path):
    _tree(tmp_path)
    records = list(read_inputs([str(tmp_path)]))
    ids = [r.doc_id if isinstance(r, RawDocument) else f"skip:{os.path.basename(r.source)}" for r in records]
    # Hidden entries are reported (one line each, a hidden folder once), never read.
    assert ids == [
        "skip:.git",
        "skip:.hidden.txt",
        str(tmp_path / "a.txt"),
        "c1",
        "g1",
        "https://w.example/1",
        str(tmp_path / "b" / "page.html"),
        "skip:c.pdf",
    ]
    assert records[0].reason == records[1].reason == HIDDEN_REASON
    assert records[-1].reason == "unsupported file type"
    assert list(read_inputs([str(tmp_path)])) == records  # deterministic


def test_missing_path_and_binary_file_are_skipped_and_the_rest_is_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    binary = tmp_path / "blob"
    binary.write_bytes(bytes(range(256)) * 8)
    missing = str(tmp_path / "missing.txt")
    records = list(read_inputs([missing, str(binary), str(good)]))
    assert isinstance(records[0], Skipped) and records[0].source == missing
    assert records[0].reason == "no such file or directory"
    assert isinstance(records[1], Skipped) and "binary" in records[1].reason
    assert isinstance(records[2], RawDocument) and records[2].body == "Fine."


def test_a_single_string_is_one_path_not_characters(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("One.", encoding="utf-8")
    [doc] = list(read_inputs(str(path)))
    assert doc.doc_id == str(path)


def test_explicit_hidden_file_is_read(tmp_path):
    path = tmp_path / ".notes.txt"
    path.write_text("Hidden but asked for.", encoding="utf-8")
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, RawDocument)


def test_non_feed_xml_is_reported(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_bytes(b'<?xml version="1.0"?><urlset></urlset>')
    [skipped] = list(read_inputs([str(path)]))
    assert isinstance(skipped, Skipped) and "not an RSS/Atom feed" in skipped.reason


def test_symlink_loop_does_not_recurse_forever(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    records = list(read_inputs([str(tmp_path)]))
    assert [r.body for r in records] == ["x"]


def test_reader_is_chosen_by_suffix(tmp_path):
    feed_xml = tmp_path / "f.xml"
    feed_xml.write_bytes(RSS)
    assert reader_for("a.JSONL.GZ") is jsonl.read_jsonl
    assert reader_for("a.warc.gz") is warc.read_warc
    assert reader_for("a.atom") is feed.read_feed
    assert reader_for("a.HTM") is html.read_html
    assert reader_for("a.md") is text.read_text
    assert reader_for("LICENSE") is text.read_text
    assert reader_for(str(feed_xml)) is feed.read_feed


def test_gzipped_jsonl_in_a_folder_is_streamed(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "g", "text": "Zipped."}\n'))
    [doc] = list(read_inputs([str(tmp_path)]))
    assert doc.doc_id == "g"


def test_impossible_paths_are_skipped_not_raised(tmp_path):
    records = list(read_inputs(["bad\x00name.txt", None, 42]))  # type: ignore[list-item]
    assert len(records) == 3 and all(isinstance(r, Skipped) for r in records)


def test_fifo_is_not_opened(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [skipped] = list(read_inputs([str(fifo)]))
    assert isinstance(skipped, Skipped) and "not a regular file" in skipped.reason
