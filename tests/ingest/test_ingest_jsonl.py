"""armswatch.ingest.jsonl: JSON-lines corpora, plain and gzipped."""

from __future__ import annotations

import gzip
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.ingest.jsonl import read_jsonl, read_jsonl_stream
from armswatch.model import RawDocument, Skipped


def _lines(*objects) -> bytes:
    out = []
    for obj in objects:
        out.append(obj if isinstance(obj, bytes) else json.dumps(obj).encode("utf-8"))
    return b"\n".join(out) + b"\n"


CORPUS = _lines(
    {"id": "a1", "title": "Deal signed", "text": "Ghana signed for two patrol boats.", "published": "2020-05-01",
     "url": "https://example.org/a1", "publisher": "Wire One"},
    b'{"id": "broken", "text": "no closing brace"',
    {"title": "No id here", "html": "<p>Kenya took delivery of armoured cars.</p>"},
    b"",
    {"id": 7, "text": "A numeric id.", "source": "Daily Example"},
    {"id": "x", "title": "only a title"},
    b"[1, 2, 3]",
    {"id": "s", "text": "Source is a link.", "source": "http://example.net/s"},
)


def test_good_lines_become_documents_and_bad_lines_are_reported(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(CORPUS)
    records = list(read_jsonl(str(path)))
    kinds = [type(r).__name__ for r in records]
    assert kinds == ["RawDocument", "Skipped", "RawDocument", "RawDocument", "Skipped", "Skipped", "RawDocument"]

    first = records[0]
    assert first == RawDocument(
        doc_id="a1", source=f"{path}#1", body="Ghana signed for two patrol boats.", is_html=False,
        title="Deal signed", published="2020-05-01", publisher="Wire One", url="https://example.org/a1",
    )
    broken = records[1]
    assert broken.source == str(path) and broken.record == "2" and "invalid JSON" in broken.reason


def test_fallback_id_html_body_and_source_field(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(CORPUS)
    records = list(read_jsonl(str(path)))
    no_id = records[2]
    assert no_id.doc_id == f"{path}#3" and no_id.is_html is True
    numeric = records[3]
    # A non-URL "source" names the outlet; a URL "source" is the article's address.
    # A number id keeps its type: json:7, never the same document as "7".
    assert numeric.doc_id == "json:7" and numeric.publisher == "Daily Example" and numeric.url is None
    assert records[6].url == "http://example.net/s"
    assert records[4].reason.startswith("no text or html field (keys seen: id, title)") and records[4].record == "6"
    assert records[5].reason == "line is not a JSON object"


def test_gzipped_corpus_streams_the_same_records(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(CORPUS))
    plain = tmp_path / "corpus.jsonl"
    plain.write_bytes(CORPUS)
    as_gzip = [r.doc_id for r in read_jsonl(str(path)) if isinstance(r, RawDocument)]
    as_text = [r.doc_id for r in read_jsonl(str(plain)) if isinstance(r, RawDocument)]
    assert as_gzip[0] == "a1" and len(as_gzip) == len(as_text)


def test_truncated_gzip_keeps_earlier_lines_then_reports(tmp_path):
    lines = _lines(*({"id": f"n{i}", "text": f"Story number {i} " * 20} for i in range(300)))
    data = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    records = list(read_jsonl(str(path)))
    assert isinstance(records[-1], Skipped) and "truncated" in records[-1].reason
    docs = [r for r in records if isinstance(r, RawDocument)]
    assert docs and docs[0].doc_id == "n0"
    assert all(isinstance(r, RawDocument) for r in records[:-1])


def test_not_gzip_at_all_is_one_skipped(tmp_path):
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b'{"id": "1", "text": "plain, not gzipped"}\n')
    [skipped] = list(read_jsonl(str(path)))
    assert isinstance(skipped, Skipped)


def test_latin1_line_and_lone_surrogate_do_not_break_the_reader():
    data = '{"id": "l", "text": "Défense"}\n'.encode("latin-1") + b'{"id": "u", "text": "x\\ud800y"}\n'
    latin, surrogate = list(read_jsonl_stream(io.BytesIO(data), "mem.jsonl"))
    assert latin.body == "Défense"
    surrogate.body.encode("utf-8")  # writable as UTF-8 later


def test_overlong_line_is_skipped_and_reading_goes_on():
    data = b'{"id": "big", "text": "' + b"x" * 5000 + b'"}\n{"id": "next", "text": "fine"}\n'
    records = list(read_jsonl_stream(io.BytesIO(data), "mem.jsonl", max_line_bytes=1000))
    assert isinstance(records[0], Skipped) and records[0].reason == "line too long"
    assert records[1].doc_id == "next"


def test_deeply_nested_json_is_a_skipped_line():
    data = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    [skipped] = list(read_jsonl_stream(io.BytesIO(data), "mem.jsonl"))
    assert isinstance(skipped, Skipped)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=200), max_size=8))
def test_arbitrary_byte_lines_never_raise(lines):
    data = b"\n".join(lines)
    for record in read_jsonl_stream(io.BytesIO(data), "fuzz.jsonl"):
        assert isinstance(record, (RawDocument, Skipped))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "title", "text", "html", "published", "url", "source", "publisher"]),
            st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                      st.lists(st.integers(), max_size=3)),
        ),
        max_size=5,
    )
)
def test_arbitrary_json_objects_never_raise(objects):
    data = b"\n".join(json.dumps(obj).encode("utf-8") for obj in objects)
    for record in read_jsonl_stream(io.BytesIO(data), "fuzz.jsonl"):
        assert isinstance(record, (RawDocument, Skipped))
        if isinstance(record, RawDocument):
            assert isinstance(record.body, str) and record.body.strip()


def test_ids_keep_their_json_type_and_their_surrogates(tmp_path):
    path = tmp_path / "typed.jsonl"
    lines = [{"id": 1}, {"id": "1"}, {"id": 1.0}, {"id": "json:1"}, {"id": "a\ud800"}, {"id": "a\udfff"},
             {"id": True}, {"id": ["x"]}, {"id": "  "}]
    path.write_text("\n".join(json.dumps({**line, "text": "Some text."}) for line in lines) + "\n",
                    encoding="utf-8")
    ids = [r.doc_id for r in read_jsonl(str(path))]
    assert ids[:6] == ["json:1", "1", "json:1.0", 'json:"json:1"', "a\\ud800", "a\\udfff"]
    assert ids[6:] == [f"{path}#7", f"{path}#8", f"{path}#9"]  # no usable id: named by the line
