"""Input faults found by the reliability probe: files that are not files, links out of a
folder, decompression bombs, very long lines and owner-password PDFs (issue 12)."""
from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from long_text import long_line

from coopgraph.cli import main
from coopgraph.errors import InputError
from coopgraph.extract.run import extract_paths
from coopgraph.ingest import documents
from coopgraph.ingest.clean import MAX_PARAGRAPH
from coopgraph.ingest.reader import read_source
from coopgraph.store.db import connect

PAGE = "Kenya and China sign a biotechnology MoU\n\nThe Kenya Medical Research Institute and the Chinese Academy of Sciences signed a memorandum in Nairobi on Monday.\n"  # noqa: E501
COOPGRAPH = [sys.executable, "-m", "coopgraph"]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command line in a child process: a read that hangs fails the test instead of hanging it."""
    return subprocess.run([*COOPGRAPH, *args], capture_output=True, text=True, timeout=timeout)


def extract(paths: list[str], pipeline, **options) -> tuple[list[dict], list[str]]:
    out, messages = io.StringIO(), []
    extract_paths(paths, out, pipeline=pipeline, on_error=messages.append, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()], messages


def names(records: list[dict]) -> set[str]:
    return {Path(r["source"]).name for r in records}


# 2. FIFOs, sockets and devices


@pytest.fixture()
def batch_with_a_fifo(tmp_path):
    """a.txt, b.txt (a FIFO whose writer waits for a reader) and c.txt; the event is set if
    anything ever opens the FIFO."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    (folder / "c.txt").write_text(PAGE.replace("Monday", "Tuesday"), encoding="utf-8")
    opened = threading.Event()

    def writer():
        os.close(os.open(folder / "b.txt", os.O_WRONLY))   # blocks until a reader opens the FIFO
        opened.set()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    yield folder, opened
    if not opened.is_set():
        os.close(os.open(folder / "b.txt", os.O_RDONLY | os.O_NONBLOCK))   # release the writer
    thread.join(5)


FIFO_REASON = "is a named pipe (FIFO), not a regular file; only regular files are read"


def test_a_fifo_in_a_folder_is_refused_unopened_and_extract_goes_on(batch_with_a_fifo, tmp_path):
    folder, opened = batch_with_a_fifo
    out = tmp_path / "records.jsonl"
    result = run("extract", str(folder), "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: {folder}/b.txt: {FIFO_REASON}" in result.stderr.splitlines()
    assert names([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]) == {"a.txt", "c.txt"}
    assert not opened.is_set()


def test_a_fifo_in_a_folder_is_refused_unopened_and_ingest_goes_on(batch_with_a_fifo, tmp_path):
    folder, opened = batch_with_a_fifo
    result = run("ingest", str(folder), "--db", str(tmp_path / "g.db"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"error: {folder}/b.txt: {FIFO_REASON}" in result.stderr.splitlines()
    stored = connect(tmp_path / "g.db", readonly=True).execute("SELECT path FROM documents WHERE status = 'ok'").fetchall()
    assert {Path(row[0]).name for row in stored} == {"a.txt", "c.txt"}
    assert not opened.is_set()


def test_a_socket_or_a_device_behind_a_link_is_refused_by_its_kind(tmp_path):
    sock_path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    (tmp_path / "null.txt").symlink_to("/dev/null")
    try:
        with pytest.raises(InputError, match=r"is a socket, not a regular file"):
            read_source(str(sock_path))
        with pytest.raises(InputError, match=r"is a character device, not a regular file"):
            read_source(str(tmp_path / "null.txt"))
    finally:
        server.close()


def test_dev_zero_behind_a_link_is_refused_before_a_byte_is_read(tmp_path):
    """Read, it never ends: it once filled memory past --max-mb. Run in a child with 1 GB
    of address space, so that a regression is a failure, not a machine out of memory."""
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    code = ("import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "from coopgraph.ingest.reader import read_source; from coopgraph.errors import InputError\n"
            f"try:\n    read_source({str(tmp_path / 'zero.txt')!r}, max_bytes=1024)\n"
            "except InputError as exc:\n    print(exc.line)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"error: {tmp_path}/zero.txt: is a character device, not a regular file; only regular files are read"


def test_a_file_over_the_limit_is_refused_even_when_it_grows_after_the_check(tmp_path, monkeypatch):
    """The size stat gives can be stale: no more than the limit and one byte is ever read."""
    big = tmp_path / "growing.txt"
    big.write_bytes(b"word " * 300_000)
    inode, real_stat, real_fstat = big.stat().st_ino, os.stat, os.fstat

    def as_before_it_grew(st):
        return os.stat_result((*st[:6], 10, *st[7:])) if st.st_ino == inode else st

    monkeypatch.setattr(os, "stat", lambda *args, **kwargs: as_before_it_grew(real_stat(*args, **kwargs)))
    monkeypatch.setattr(os, "fstat", lambda fd: as_before_it_grew(real_fstat(fd)))
    with pytest.raises(InputError, match=r"file grew past the 1 MB limit \(--max-mb\) while it was read"):
        read_source(str(big), max_bytes=1024 * 1024)


# 3. Symlinks


@pytest.fixture()
def folder_with_links(tmp_path):
    """a.txt; secret.txt, a link out of the folder; loop, a link back to the folder; c.txt."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(PAGE.replace("Monday", "Friday"), encoding="utf-8")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "c.txt").write_text(PAGE.replace("Monday", "Tuesday"), encoding="utf-8")
    return folder


def test_a_link_out_of_a_folder_is_one_error_and_the_batch_goes_on(folder_with_links, pipeline):
    records, messages = extract([str(folder_with_links)], pipeline)
    assert messages == [f"error: {folder_with_links}/secret.txt: symlink leaves {folder_with_links}; use --follow-symlinks"]
    assert names(records) == {"a.txt", "c.txt"}


def test_follow_symlinks_reads_links_out_of_a_folder_and_ends_on_a_link_cycle(folder_with_links, pipeline):
    records, messages = extract([str(folder_with_links)], pipeline, follow_symlinks=True)
    assert messages == []
    assert sorted(Path(r["source"]).name for r in records) == ["a.txt", "c.txt", "secret.txt"]   # each once


def test_a_link_given_on_the_command_line_is_followed(folder_with_links, pipeline):
    records, messages = extract([str(folder_with_links / "secret.txt")], pipeline)
    assert messages == [] and names(records) == {"secret.txt"}


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_both_commands_take_follow_symlinks(folder_with_links, tmp_path, command):
    args = [command, str(folder_with_links), "--follow-symlinks"]
    args += ["-o", str(tmp_path / "out.jsonl")] if command == "extract" else ["--db", str(tmp_path / "g.db")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "symlink leaves" not in result.output


# 4. Decompression limits


def _docx(tmp_path: Path, name: str = "brief.docx") -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Kenya and China sign a biotechnology MoU")
    doc.add_paragraph("The Kenya Medical Research Institute and the Chinese Academy of Sciences signed a memorandum.")
    path = tmp_path / name
    doc.save(path)
    return path


def _rewrite(path: Path, part: str, data: bytes) -> None:
    """Replace (or add) one part of a zip, keeping the others."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[part] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for filename, content in parts.items():
            zf.writestr(filename, content)


def test_a_docx_part_packed_past_the_ratio_limit_is_refused_before_it_is_opened(tmp_path):
    path = _docx(tmp_path)
    _rewrite(path, "word/media/padding.bin", b"\0" * (2 * 1024 * 1024))   # 2 MB of zeros pack to 2 KB
    with pytest.raises(InputError, match=r"\.docx part word/media/padding\.bin is compressed [\d,]+:1, over the 100:1 limit"):
        read_source(str(path))


def test_a_docx_unpacking_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_UNPACKED", 4096)
    with pytest.raises(InputError, match=r"\.docx unpacks to over 0 MB, the limit \(a decompression bomb\?\)"):
        read_source(str(_docx(tmp_path)))


def test_a_docx_declaring_xml_entities_is_refused(tmp_path):
    path = _docx(tmp_path)
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml")
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + b"]>"
    head, rest = body.split(b"?>", 1)
    _rewrite(path, "word/document.xml", head + b"?>" + laughs + rest.replace(b"MoU", b"&lol9;"))
    with pytest.raises(InputError, match=r"\.docx part word/document\.xml declares XML entities or a DTD"):
        read_source(str(path))


def test_a_docx_with_broken_xml_is_damaged_not_an_internal_error(tmp_path, pipeline):
    path = _docx(tmp_path)
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml")
    _rewrite(path, "word/document.xml", body[: len(body) // 2])
    (tmp_path / "after.txt").write_text(PAGE, encoding="utf-8")
    records, messages = extract([str(tmp_path)], pipeline)
    assert messages == [f"error: {path}: damaged .docx (the XML inside is broken)"]
    assert names(records) == {"after.txt"}


def _pdf(lines: list[str], padding: int = 0, **encrypt: str) -> bytes:
    """A one-page PDF made by pypdf: the lines in its text layer, its content stream
    packed with flate (with `padding` bytes of spaces after the text), perhaps encrypted."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    content = DecodedStreamObject()
    content.set_data(("BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET").encode()
                     + b" " * padding)
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    if encrypt:
        writer.encrypt(**encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_LINES = ["Kenya and China sign a biotechnology MoU", "",
             "The Kenya Medical Research Institute and the Chinese Academy of Sciences signed a memorandum."]


def test_a_flate_bomb_pdf_is_refused_with_a_reason_and_the_batch_goes_on(tmp_path, pipeline):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_pdf(PDF_LINES, padding=21 * 1024 * 1024))   # 21 MB of spaces, packed to 21 KB
    assert bomb.stat().st_size < 100_000
    (tmp_path / "next.txt").write_text(PAGE, encoding="utf-8")
    records, messages = extract([str(tmp_path)], pipeline)
    assert messages == [f"error: {bomb}: PDF stream unpacks past the 20 MB limit for one stream (a decompression bomb?)"]
    assert names(records) == {"next.txt"}


def test_a_document_giving_too_much_text_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEXT", 50)
    (tmp_path / "long.pdf").write_bytes(_pdf(PDF_LINES))
    with pytest.raises(InputError, match="document gives over 50 characters of text, the limit for one file"):
        read_source(str(tmp_path / "long.pdf"))
    with pytest.raises(InputError, match="document gives over 50 characters of text"):
        read_source(str(_docx(tmp_path)))


def test_what_pypdf_logs_becomes_a_warning_line_naming_the_file(tmp_path, pipeline, capsys):
    data = _pdf(PDF_LINES)
    xref = data.rindex(b"startxref\n") + len(b"startxref\n")
    path = tmp_path / "repaired.pdf"
    path.write_bytes(data[:xref] + b"9" + data[xref:])   # points past the cross-reference table: pypdf repairs it
    records, messages = extract([str(path)], pipeline)
    assert names(records) == {"repaired.pdf"}
    assert messages and all(m.startswith(f"warning: {path}: PDF reader: ") for m in messages)
    assert capsys.readouterr().err == ""


# 5. Long inputs


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_long_single_line_is_read_in_seconds_into_bounded_windows(tmp_path, language):
    from coopgraph.ingest import segment

    path = tmp_path / f"{language}.txt"
    path.write_text(long_line(language, 300_000), encoding="utf-8")
    started = time.perf_counter()
    segments = read_source(str(path)).segments
    assert time.perf_counter() - started < 10
    assert len(segments) > 1
    assert all(len(p) <= MAX_PARAGRAPH for s in segments for p in s.paragraphs)
    assert all(sum(len(p) for p in s.paragraphs) <= segment.MAX_ARTICLE for s in segments)
    ends = "." if language == "en" else "。"
    assert all(p.endswith(ends) for s in segments for p in s.paragraphs[:-1])   # cut at sentence ends


def _cpu_seconds(pipeline, path: Path) -> float:
    """CPU time, not wall time: other work on a shared machine does not count."""
    started = time.process_time()
    extract([str(path)], pipeline)
    return time.process_time() - started


def test_doubling_a_single_lines_length_about_doubles_the_extraction_time(tmp_path, pipeline):
    """Extraction sees a long line in bounded windows, so twice the line costs about twice the
    time (read whole, 200 KB of English took 2.3 times the CPU of 100 KB, a ratio that grew
    with the length). Small sizes keep the test fast; a bound of 3 leaves room for noise."""
    for size in (2_000, 50_000, 100_000):
        (tmp_path / f"en{size}.txt").write_text(long_line("en", size), encoding="utf-8")
    _cpu_seconds(pipeline, tmp_path / "en2000.txt")   # models load on the first article
    small, large = _cpu_seconds(pipeline, tmp_path / "en50000.txt"), _cpu_seconds(pipeline, tmp_path / "en100000.txt")
    assert large < 3 * small, (small, large)


def test_doubling_a_page_of_headlines_about_doubles_the_segmentation_time():
    """At each headline the segmenter looked again at every block of the story so far:
    5,000 headlines took 164 s. CPU time, measured on small sizes."""
    from coopgraph.ingest.clean import clean_blocks
    from coopgraph.ingest.segment import segment_blocks

    def cpu_seconds(lines: int) -> float:
        blocks = clean_blocks("\n".join(f"Headline number {i} on the cooperation of Kenya and China" for i in range(lines)))
        started = time.process_time()
        segment_blocks(blocks)
        return time.process_time() - started

    small, large = cpu_seconds(2000), cpu_seconds(4000)
    assert large < 3 * small + 0.05 and large < 5, (small, large)


# 7. Encrypted PDFs


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path):
    path = tmp_path / "owner.pdf"
    path.write_bytes(_pdf(PDF_LINES, user_password="", owner_password="x"))
    assert "Chinese Academy of Sciences signed" in read_source(str(path)).segments[0].text


def test_a_pdf_that_needs_a_user_password_says_so(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf(PDF_LINES, user_password="u", owner_password="x"))
    with pytest.raises(InputError, match="encrypted PDF: needs a password"):
        read_source(str(path))
