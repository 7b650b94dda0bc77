"""PDF (the text layer, page by page) and Word .docx, to plain text the cleaner reads.

Both formats are compressed, so a small file can unpack to gigabytes (a decompression
bomb) or, in a .docx, declare XML entities that expand without end. Each is refused
with a reason before it is unpacked in full: a .docx by the sizes its zip directory
declares (zipfile enforces them while reading), a PDF by pypdf's limits, lowered here.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from coopgraph.errors import InputError

MB = 1024 * 1024
MAX_UNPACKED = 100 * MB     # all the parts of a .docx together, unpacked
MAX_RATIO = 100             # unpacked/packed for one part over 1 MB; Word's XML packs about 10:1
MAX_PDF_STREAM = 20 * MB    # one PDF stream, unpacked (pypdf's default is 75 MB)
MAX_TEXT = 5_000_000        # characters of text one document may give (several books' worth)
MAX_MESSAGES = 5            # pypdf messages shown per file; a broken file can log one per object
_DTD_MARKS = [mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")]
_PDF_LIMITS = {
    "zlib_maximum_output_length": MAX_PDF_STREAM, "lzw_maximum_output_length": MAX_PDF_STREAM,
    "run_length_maximum_output_length": MAX_PDF_STREAM, "brotli_maximum_output_length": MAX_PDF_STREAM,
    "array_based_stream_maximum_output_length": MAX_PDF_STREAM, "stream_decoding_work_maximum_length": 4 * MAX_PDF_STREAM,
}


class _Collect(logging.Handler):
    """Keeps each message once, on one line."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """What pypdf logs while reading (it repairs broken files and says so on stderr),
    collected so that the batch prints it as warnings naming the file."""
    logger, handler = logging.getLogger("pypdf"), _Collect()
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _too_much_text(path: str) -> InputError:
    return InputError(path, f"document gives over {MAX_TEXT:,} characters of text, the limit for one file; split it")


def pdf_to_text(path: str, data: bytes) -> tuple[str, list[str]]:
    """The text of a PDF and the warnings pypdf gave while reading it."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

    with _pypdf_messages() as messages, apply_configuration(**_PDF_LIMITS):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):   # an owner password alone does not lock the text
                raise InputError(path, "encrypted PDF: needs a password")
            pages: list[str] = []
            total = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                total += len(pages[-1])
                if total > MAX_TEXT:
                    raise _too_much_text(path)
        except InputError:
            raise
        except LimitReachedError:
            raise InputError(path, f"PDF stream unpacks past the {MAX_PDF_STREAM // MB} MB limit for one stream "
                                   "(a decompression bomb?)") from None
        except DependencyError as exc:
            raise InputError(path, f"PDF needs a library that is not installed ({exc})") from None
        except (PyPdfError, ValueError, KeyError, TypeError, OSError, zlib.error) as exc:
            raise InputError(path, f"damaged PDF ({' '.join(str(exc).split()) or type(exc).__name__})") from None
    if not pages:
        raise InputError(path, "PDF has no pages")
    empty = [i + 1 for i, text in enumerate(pages) if not text.strip()]
    if len(empty) == len(pages):
        raise InputError(path, f"scanned PDF: none of its {len(pages)} pages has a text layer (run OCR first)")
    shown = [f"PDF reader: {m}" for m in messages[:MAX_MESSAGES]]
    if len(messages) > MAX_MESSAGES:
        shown.append(f"PDF reader: {len(messages) - MAX_MESSAGES} more messages like these")
    return "\n\n".join(_reflow(text) for text in pages if text.strip()), shown


def _reflow(page: str) -> str:
    """Join the lines of a PDF page into paragraphs: a line that stops well short of the
    column's width ends a paragraph (or is a heading); any other line break is a space.
    A paragraph's pieces are joined once it ends (adding each line to it as it grows
    would copy it once per line)."""
    lines = [line.rstrip() for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                out.append("".join(current))
            current = []
            continue
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1]
            current.append(line.strip())
        elif current:
            joiner = "" if re.search(r"[\u4e00-\u9fff]$", current[-1]) else " "
            current.append(joiner + line.strip())
        else:
            current = [line.strip()]
        if len(line) < 0.7 * width:  # a line that stops well short of the column ends its paragraph
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return "\n\n".join(out)


def _check_docx_package(path: str, data: bytes) -> None:
    """Refuse a .docx whose zip would unpack to too much, or whose XML declares a DTD
    (Word never writes one; entities in it are how an XML bomb expands)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if total > MAX_UNPACKED:
                    raise InputError(path, f".docx unpacks to over {MAX_UNPACKED // MB} MB, the limit "
                                           "(a decompression bomb?)")
                if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    ratio = info.file_size / max(info.compress_size, 1)
                    raise InputError(path, f".docx part {info.filename} is compressed {ratio:,.0f}:1, over the "
                                           f"{MAX_RATIO}:1 limit (a decompression bomb?)")
            for info in zf.infolist():
                if info.filename.endswith((".xml", ".rels")) and _declares_dtd(zf, info):
                    raise InputError(path, f".docx part {info.filename} declares XML entities or a DTD, which Word "
                                           "never writes (an XML bomb?)")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputError(path, f"not a readable .docx file ({exc})") from None


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with zf.open(info) as part:
        for chunk in iter(lambda: part.read(MB), b""):
            window = tail + chunk
            if any(mark in window for mark in _DTD_MARKS):
                return True
            tail = window[-24:]   # a mark cut in two by the chunk boundary
    return False


def docx_to_text(path: str, data: bytes) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    _check_docx_package(path, data)
    try:
        doc = Document(io.BytesIO(data))
    except XMLSyntaxError:
        raise InputError(path, "damaged .docx (the XML inside is broken)") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, f"not a readable .docx file ({exc})") from None
    parts = [p.text for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                parts.append(" | ".join(cells))
    if not parts:
        raise InputError(path, "empty document")
    text = "\n\n".join(parts)
    if len(text) > MAX_TEXT:
        raise _too_much_text(path)
    return text
