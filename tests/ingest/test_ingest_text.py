"""armswatch.ingest.text: plain-text files in the encodings news files come in."""

from __future__ import annotations

import codecs

from armswatch.ingest.text import read_text
from armswatch.model import RawDocument, Skipped

ARTICLE = "Chile ordered ten Black Hawk helicopters.\nThe first two arrive in May — said the air force.\n"


def _one(path) -> RawDocument | Skipped:
    records = list(read_text(str(path)))
    assert len(records) == 1
    return records[0]


def test_utf8_file_becomes_one_document_keyed_by_the_path(tmp_path):
    path = tmp_path / "chile.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, RawDocument)
    assert doc.doc_id == str(path) and doc.source == str(path)
    assert doc.body == ARTICLE
    assert doc.is_html is False


def test_utf8_with_bom_loses_the_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    assert _one(path).body == ARTICLE


def test_utf16_with_bom_is_decoded(tmp_path):
    for encoding in ("utf-16", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        data = ARTICLE.encode(encoding)
        if encoding == "utf-16-be":
            data = codecs.BOM_UTF16_BE + data
        path.write_bytes(data)
        assert _one(path).body == ARTICLE


def test_utf16_without_bom_is_recognised_by_its_nul_bytes(tmp_path):
    path = tmp_path / "nobom.txt"
    path.write_bytes(ARTICLE.encode("utf-16-le"))
    assert _one(path).body == ARTICLE


def test_latin1_and_cp1252_fall_back_without_loss(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Défense: São Tomé reçoit deux navires.".encode("latin-1"))
    assert _one(latin).body == "Défense: São Tomé reçoit deux navires."
    windows = tmp_path / "windows.txt"
    windows.write_bytes("“Quoted” – dash".encode("cp1252"))
    assert _one(windows).body == "“Quoted” – dash"


def test_markdown_and_extensionless_files_are_text(tmp_path):
    for name in ("notes.md", "README"):
        path = tmp_path / name
        path.write_text(ARTICLE, encoding="utf-8")
        assert _one(path).body == ARTICLE


def test_binary_file_is_skipped_with_a_reason(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    skipped = _one(path)
    assert isinstance(skipped, Skipped)
    assert "binary" in skipped.reason


def test_control_character_soup_without_nul_is_binary(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 50)
    assert isinstance(_one(path), Skipped)


def test_empty_file_is_an_empty_document(tmp_path):
    # Emptiness is the cleaner's call ("no article text"), not the reader's.
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    doc = _one(path)
    assert isinstance(doc, RawDocument) and doc.body == ""


def test_unreadable_file_is_skipped(tmp_path):
    missing = tmp_path / "gone.txt"
    skipped = _one(missing)
    assert isinstance(skipped, Skipped) and skipped.source == str(missing)
