"""From paths on the command line to cleaned segments, one file at a time.

Every way a file can be unreadable ends here as an `InputError` naming the file and
the reason, so that the batch can go on.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.ingest.clean import clean_blocks
from coopgraph.ingest.decode import DecodeError, decode
from coopgraph.ingest.documents import docx_to_text, pdf_to_text
from coopgraph.ingest.html import html_to_text
from coopgraph.ingest.segment import Segment, segment_blocks

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCUMENT_SUFFIXES = {".pdf", ".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCUMENT_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Source:
    path: str            # exactly as given (or as found under a given folder)
    encoding: str
    segments: list[Segment]
    warnings: list[str] = field(default_factory=list)   # read, but a person should know (bad bytes replaced)


def discover(paths: list[str]) -> Iterator[tuple[str, InputError | None]]:
    """Files to read, in a stable order; folders are walked, hidden entries skipped.

    A path that does not exist or cannot be listed is reported, not raised.
    """
    for given in paths:
        if os.path.isdir(given):
            found: list[str] = []
            errors: list[OSError] = []
            for root, dirs, files in os.walk(given, onerror=errors.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(root, f)
                    for f in files
                    if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES
                )
            for err in errors:
                yield str(err.filename), InputError(str(err.filename), f"cannot list folder ({err.strerror})")
            for path in sorted(found):
                yield path, _name_problem(path)
        elif os.path.exists(given) or os.path.islink(given):
            yield given, _name_problem(given)
        else:
            yield given, InputError(given, "no such file or folder")


def _name_problem(path: str) -> InputError | None:
    """A file name that is not UTF-8 cannot be stored, printed or linked to as given."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return InputError(path, "file name is not valid UTF-8; rename the file")
    return None


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read, decode, clean and segment one file."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type '{suffix or '(none)'}' (reads .txt, .md, .html, .htm, .pdf, .docx)")
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(
                path, f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:.0f} MB limit (--max-mb)"
            )
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise InputError(path, "is a folder where a file was expected") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(path, "empty file")
    if suffix in DOCUMENT_SUFFIXES:
        text = pdf_to_text(path) if suffix == ".pdf" else docx_to_text(path)
        segments = segment_blocks(clean_blocks(text))
        if not segments:
            raise InputError(path, "no article text found after cleaning")
        return Source(path, suffix[1:], segments)
    try:
        decoded = decode(data)
    except DecodeError as exc:
        raise InputError(path, str(exc)) from None
    text, encoding = decoded.text, decoded.encoding
    page_date = None
    if suffix in HTML_SUFFIXES or text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
        _title, text, page_date = html_to_text(text)
    segments = segment_blocks(clean_blocks(text), page_date)
    if not segments:
        raise InputError(path, "no article text found after cleaning")
    return Source(path, encoding, segments, decoded.warnings)
