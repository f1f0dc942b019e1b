"""Builders for ingest fixtures: WARC archives written with warcio."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="2021-03-04T08:00:00Z"></head>
<body><article><h1>{title}</h1><p>{text}</p></article></body></html>"""


def warc_bytes(records: list[tuple[str, str, str, bytes]], gzip: bool) -> bytes:
    """A WARC with one record per (record type, uri, status line + content type, body)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for rec_type, uri, status_and_type, body in records:
        status, content_type = status_and_type.split("|")
        if rec_type == "response":
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
        else:
            record = writer.create_warc_record(
                uri, rec_type, payload=io.BytesIO(body), warc_content_type=content_type
            )
        writer.write_record(record)
    return buffer.getvalue()
