"""Corpus shapes (.json, .csv, .tsv, JSONL with a field map) and standard input."""

from __future__ import annotations

import io
import json

import pytest

from armswatch.clean.metadata import parse_date
from armswatch.ingest import read_inputs
from armswatch.ingest.shapes import field_map, parse_field_overrides
from armswatch.ingest.stdin import read_stdin, sniff
from armswatch.model import RawDocument, Skipped

TEXT = "Norway ordered four submarines from Germany in a deal signed in Oslo."


@pytest.mark.parametrize("key", ["published", "date", "pubDate", "published_at", "date_publish", "datetime"])
def test_every_date_key_is_read(tmp_path, key):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "content": TEXT, key: "2021-07-09"}) + "\n")
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, RawDocument) and doc.published == "2021-07-09" and doc.body == TEXT


def test_reuters_style_date_is_understood():
    assert str(parse_date("26-FEB-1987 15:01:79.00")) == "1987-02-26"


def test_json_array_and_wrapper(tmp_path):
    records = [{"headline": "Subs", "body": TEXT, "link": "http://127.0.0.1/s"}, {"text": TEXT + " Again."}]
    (tmp_path / "a.json").write_text(json.dumps(records))
    (tmp_path / "b.json").write_text(json.dumps({"articles": records}))
    docs = list(read_inputs([str(tmp_path / "a.json"), str(tmp_path / "b.json")]))
    assert all(isinstance(d, RawDocument) for d in docs) and len(docs) == 4
    assert docs[0].title == "Subs" and docs[0].url == "http://127.0.0.1/s"
    assert docs[1].doc_id.endswith("a.json#2")


def test_csv_and_tsv_with_header(tmp_path):
    (tmp_path / "c.csv").write_text('title,text,date\n"Subs, four","' + TEXT + '",2020-01-02\n')
    (tmp_path / "c.tsv").write_text("headline\tarticle\tpubDate\nSubs\t" + TEXT + "\t2020-01-03\n")
    docs = list(read_inputs([str(tmp_path / "c.csv"), str(tmp_path / "c.tsv")]))
    assert [(d.title, d.published) for d in docs] == [("Subs, four", "2020-01-02"), ("Subs", "2020-01-03")]


def test_field_override_and_unknown_shape(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("story,when\n" + TEXT + ",2019-05-05\n")
    [skip] = list(read_inputs([str(path)]))
    assert isinstance(skip, Skipped) and "keys seen: story, when" in skip.reason and "--field text=" in skip.reason
    fields = field_map(parse_field_overrides(["text=story", "published=when"]))
    [doc] = list(read_inputs([str(path)], fields=fields))
    assert isinstance(doc, RawDocument) and doc.body == TEXT and doc.published == "2019-05-05"
    with pytest.raises(ValueError, match="unknown part"):
        parse_field_overrides(["colour=x"])


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b'{"text": "a"}\n{"text": "b"}\n', "jsonl"), (b'[{"text": "a"}]', "json"),
     (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
     (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
     (b"Plain words about tanks.", "text")],
)
def test_stdin_is_sniffed(data, kind):
    assert sniff(data) == kind


def test_stdin_documents():
    [doc] = list(read_stdin(stream=io.BytesIO(TEXT.encode())))
    assert doc.doc_id.startswith("stdin:") and doc.source == "-" and not doc.is_html
    docs = list(read_stdin(stream=io.BytesIO(b'{"id": 1, "text": "one"}\n{"id": 2, "text": "two"}\n')))
    assert [d.doc_id for d in docs] == ["json:1", "json:2"]
    [html] = list(read_stdin(stream=io.BytesIO(b"<html><body><p>" + TEXT.encode() + b"</p></body></html>")))
    assert html.is_html
    [empty] = list(read_stdin(stream=io.BytesIO(b"  \n")))
    assert isinstance(empty, Skipped)
