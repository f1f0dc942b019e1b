"""Any byte in a file name (issue 16, finding 3).

A POSIX file name is bytes. One that is not UTF-8 used to make the database
insert raise, losing the open batch, and every rerun died at the same file;
a newline in a name split its skip line; hidden files were passed over
without a word. The names here are made with ``os.fsdecode`` of raw bytes.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from click.testing import CliRunner

from armswatch.cli import main
from armswatch.escape import escape_controls, path_text
from armswatch.ingest import read_inputs
from armswatch.ingest.files import HIDDEN_REASON
from armswatch.model import RawDocument, Skipped

ARTICLE = (
    "Report number {n}\n\n"
    "The committee noted that the budget for the coming year was under review, "
    "and a spokesman said that talks on the matter would continue. Serial {n}."
)


def _name(folder, raw: bytes) -> str:
    path = os.path.join(os.fsencode(str(folder)), raw)
    return os.fsdecode(path)


@pytest.fixture()
def hostile_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        names = {
            "latin1": _name(folder, b"caf\xe9-report.txt"),  # Latin-1, not UTF-8
            "newline": _name(folder, b"two\nlines.txt"),
            "escape": _name(folder, b"\x1b[31mred.txt"),
            "backslash": _name(folder, b"back\\xe9slash.txt"),  # looks like an escape, is not one
        }
        for i, name in enumerate(names.values()):
            with open(name, "w", encoding="utf-8") as handle:
                handle.write(ARTICLE.format(n=i))
        with open(_name(folder, b"binary\n\xff.txt"), "wb") as handle:
            handle.write(bytes(range(256)) * 8)  # unreadable as text
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take arbitrary bytes in names")
    for i in range(3):
        (folder / f"plain-{i}.txt").write_text(ARTICLE.format(n=10 + i), encoding="utf-8")
    (folder / ".hidden.txt").write_text(ARTICLE.format(n=99), encoding="utf-8")
    return folder, names


def test_path_text_is_printable_storable_and_one_to_one():
    raw = [b"a\xe9.txt", b"a\\xe9.txt", b"a\n.txt", b"a\\x0a.txt", b"plain.txt", "café.txt".encode()]
    texts = [path_text(os.fsdecode(name)) for name in raw]
    assert len(set(texts)) == len(raw)
    for text in texts:
        text.encode("utf-8")  # no lone surrogates left
        assert escape_controls(text) == text  # nothing left to escape
    assert texts[0] == "a\\xe9.txt" and texts[1] == "a\\\\xe9.txt" and texts[2] == "a\\x0a.txt"
    assert texts[4] == "plain.txt" and texts[5] == "café.txt"


def test_readers_name_every_file_storably(hostile_folder):
    folder, names = hostile_folder
    records = list(read_inputs([str(folder)]))
    docs = [r for r in records if isinstance(r, RawDocument)]
    assert len(docs) == len(names) + 3
    for doc in docs:
        doc.doc_id.encode("utf-8")  # no lone surrogates: storable
        doc.source.encode("utf-8")
        assert "\n" not in doc.source and "\x1b" not in doc.source
    sources = {d.source for d in docs}
    assert path_text(names["latin1"]) in sources and path_text(names["latin1"]).endswith("caf\\xe9-report.txt")
    assert path_text(names["backslash"]).endswith("back\\\\xe9slash.txt")
    # The body was read from the real file, not from the escaped name.
    assert sum("Report number" in d.body for d in docs) == len(docs)


def test_ingest_stores_every_file_and_a_rerun_adds_nothing(hostile_folder, tmp_path):
    folder, names = hostile_folder
    db = str(tmp_path / "names.db")
    runner = CliRunner(mix_stderr=False)
    first = runner.invoke(main, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 0, first.stderr
    assert f"{len(names) + 3} new" in first.stderr
    lines = [line for line in first.stderr.splitlines() if line.startswith("armswatch: skipped")]
    # One line per unusable entry, each on one line with its controls escaped.
    assert len(lines) == 2
    binary = next(line for line in lines if "binary" in line)
    assert "binary\\x0a\\xff.txt: binary file, not text" in binary
    hidden = next(line for line in lines if ".hidden.txt" in line)
    assert hidden.endswith(HIDDEN_REASON)
    assert "\x1b" not in first.stderr

    again = runner.invoke(main, ["ingest", str(folder), "--db", db])
    assert again.exit_code == 0, again.stderr
    assert "0 new, 0 revised" in again.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (len(names) + 3,)
        assert con.execute("SELECT count(*) FROM sources").fetchone() == (len(names) + 3,)
        assert con.execute("SELECT count(*) FROM skips").fetchone() == (2,)
        stored = {row[0] for row in con.execute("SELECT doc_id FROM documents")}
    assert path_text(os.path.realpath(names["newline"])) in stored


def test_skip_lines_escape_control_characters():
    line = Skipped(source="a\nb\x1b[2J.txt", record="3\r", reason="bad\u202eevil").describe()
    assert line == "armswatch: skipped a\\x0ab\\x1b[2J.txt#3\\x0d: bad\\u202eevil"


def test_a_hidden_file_named_explicitly_is_read(tmp_path):
    path = tmp_path / ".notes.txt"
    path.write_text(ARTICLE.format(n=1), encoding="utf-8")
    [doc] = list(read_inputs([str(path)]))
    assert isinstance(doc, RawDocument)
