"""From paths on the command line to cleaned segments, one file at a time.

Every way a file can be unreadable ends here as an `InputError` naming the file and
the reason, so that the batch can go on.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from coopgraph.errors import InputError, shown
from coopgraph.ingest.clean import clean_blocks
from coopgraph.ingest.decode import DecodeError, decode
from coopgraph.ingest.documents import docx_to_text, pdf_to_text
from coopgraph.ingest.html import html_to_text
from coopgraph.ingest.segment import Decide, Segment, segment_blocks

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
    meta: dict = field(default_factory=dict)            # an HTML page's title, date, canonical URL and site


def discover(paths: list[str], follow_symlinks: bool = False) -> Iterator[tuple[str, InputError | None]]:
    """Files to read, in a stable order; folders are walked, hidden entries skipped.

    A path that does not exist or cannot be listed is reported, not raised. A path given
    directly is the user's choice and is followed if it is a link.
    """
    for given in paths:
        if os.path.isdir(given):
            yield from _walk(given, follow_symlinks)
        elif os.path.lexists(given):
            yield given, _name_problem(given)
        else:
            yield given, InputError(given, "no such file or folder")


def _walk(folder: str, follow_symlinks: bool) -> Iterator[tuple[str, InputError | None]]:
    """The files under a folder. A link found there is someone else's choice: one that leads
    out of the folder is reported, not followed, unless follow_symlinks (then linked folders
    are walked too, each real folder once, so that a link cycle ends)."""
    top = os.path.realpath(folder)
    leaves = f"symlink leaves {shown(folder)}; use --follow-symlinks"
    found: list[tuple[str, InputError | None]] = []
    errors: list[OSError] = []
    walked: set[str] = set()
    for root, dirs, files in os.walk(folder, onerror=errors.append, followlinks=follow_symlinks):
        if follow_symlinks:
            real = os.path.realpath(root)
            if real in walked:
                dirs[:] = []
                continue
            walked.add(real)
        kept = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            path = os.path.join(root, d)
            if not follow_symlinks and os.path.islink(path):
                if _leaves(path, top):
                    found.append((path, InputError(path, leaves)))
                continue   # a link to a folder inside is walked where it really is
            kept.append(d)
        dirs[:] = kept
        for f in files:
            if f.startswith(".") or Path(f).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            path = os.path.join(root, f)
            outside = not follow_symlinks and os.path.islink(path) and _leaves(path, top)
            found.append((path, InputError(path, leaves) if outside else _name_problem(path)))
    for err in errors:
        yield str(err.filename), InputError(str(err.filename), f"cannot list folder ({err.strerror})")
    yield from sorted(found, key=lambda item: item[0])


def _leaves(link: str, top: str) -> bool:
    real = os.path.realpath(link)
    return os.path.commonpath([real, top]) != top


def _name_problem(path: str) -> InputError | None:
    """A file name that is not UTF-8 cannot be stored, printed or linked to as given."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return InputError(path, "file name is not valid UTF-8; rename the file")
    return None


_NOT_FILES = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
              stat.S_IFBLK: "a block device"}


def _kind_problem(path: str, mode: int) -> InputError | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return InputError(path, "is a folder where a file was expected")
    kind = _NOT_FILES.get(stat.S_IFMT(mode), "not a file")
    return InputError(path, f"is {kind}, not a regular file; only regular files are read")


def _too_big(path: str, size: int | None, max_bytes: int) -> InputError:
    """Over --max-mb: by the size the file system gives, or (size None) by what was read."""
    limit = f"the {max_bytes / 1048576:.0f} MB limit (--max-mb)"
    if size is None:
        return InputError(path, f"file grew past {limit} while it was read")
    return InputError(path, f"file is {size / 1048576:.1f} MB, over {limit}")


def open_regular(path: str, max_bytes: int | None = None) -> BinaryIO:
    """Open a regular file (following links) for reading, or raise InputError.

    A FIFO, socket or device is refused before it is opened: reading one hangs or never
    ends (/dev/zero). The file is opened non-blocking and checked again by its descriptor,
    so that a swap between the check and the open cannot slip one through.
    """
    try:
        problem = _kind_problem(path, os.stat(path).st_mode)
        if problem is not None:
            raise problem
        fh = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb")
        opened = os.fstat(fh.fileno())
        problem = _kind_problem(path, opened.st_mode)
        if problem is None and max_bytes is not None and opened.st_size > max_bytes:
            problem = _too_big(path, opened.st_size, max_bytes)
        if problem is not None:
            fh.close()
            raise problem
        return fh
    except FileNotFoundError:
        reason = "cannot read (broken symlink: its target does not exist)" if os.path.islink(path) else "no such file or folder"
        raise InputError(path, reason) from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES, decide: Decide | None = None) -> Source:
    """Read, decode, clean and segment one file (`decide`: see `segment.segment_blocks`)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type '{suffix or '(none)'}' (reads .txt, .md, .html, .htm, .pdf, .docx)")
    with open_regular(path, max_bytes) as fh:
        try:
            data = fh.read(max_bytes + 1)   # the size stat gave may be stale: never read past the limit
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise _too_big(path, None, max_bytes)
    if not data.strip():
        raise InputError(path, "empty file")
    if suffix in DOCUMENT_SUFFIXES:
        text, warnings = pdf_to_text(path, data) if suffix == ".pdf" else (docx_to_text(path, data), [])
        segments = segment_blocks(clean_blocks(text), decide=decide)
        if not segments:
            raise InputError(path, "no article text found after cleaning")
        return Source(path, suffix[1:], segments, warnings)
    try:
        decoded = decode(data)
    except DecodeError as exc:
        raise InputError(path, str(exc)) from None
    text, encoding = decoded.text, decoded.encoding
    page_date, meta = None, {}
    if suffix in HTML_SUFFIXES or text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
        page = html_to_text(text)
        text, page_date, meta = page.text, page.date, page.meta()
    segments = segment_blocks(clean_blocks(text), page_date, decide)
    if not segments:
        raise InputError(path, "no article text found after cleaning")
    return Source(path, encoding, segments, decoded.warnings, meta)
