"""armswatch.ingest.decode: charset choices for markup and text."""

from __future__ import annotations

from armswatch.ingest.decode import (
    charset_from_content_type,
    decode_markup,
    decode_text,
    sniff_declared_charset,
)


def test_meta_charset_is_honoured():
    page = '<html><head><meta charset="windows-1251"></head><body>Москва</body></html>'
    assert "Москва" in decode_markup(page.encode("cp1251"))


def test_http_header_charset_wins_over_guessing():
    page = "<p>Zürich</p>".encode("latin-1")
    assert decode_markup(page, declared="iso-8859-1") == "<p>Zürich</p>"


def test_wrong_declaration_falls_back_instead_of_failing():
    page = '<meta charset="utf-8"><p>Ça va – oui</p>'.encode("cp1252")
    assert "Ça va – oui" in decode_markup(page)


def test_unknown_declaration_is_ignored():
    assert decode_markup(b"<p>plain</p>", declared="no-such-codec") == "<p>plain</p>"


def test_sniffing_and_header_parsing():
    assert sniff_declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><rss/>') == "ISO-8859-1"
    assert sniff_declared_charset(b"<p>none</p>") is None
    assert charset_from_content_type("text/html; charset=UTF-8") == "UTF-8"
    assert charset_from_content_type("text/html") is None
    assert charset_from_content_type(None) is None


def test_text_with_nul_bytes_in_no_pattern_is_binary():
    assert decode_text(b"abc\x00\x00\x00\x01def\x00") is None
