"""PDF (the text layer, page by page) and Word .docx, to plain text the cleaner reads."""
from __future__ import annotations

import re

from coopgraph.errors import InputError


def pdf_to_text(path: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError(path, "encrypted PDF: cannot read its text without the password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InputError(path, f"damaged PDF ({exc})") from None
    if not pages:
        raise InputError(path, "PDF has no pages")
    empty = [i + 1 for i, text in enumerate(pages) if not text.strip()]
    if len(empty) == len(pages):
        raise InputError(path, f"scanned PDF: none of its {len(pages)} pages has a text layer (run OCR first)")
    return "\n\n".join(_reflow(text) for text in pages if text.strip())


def _reflow(page: str) -> str:
    """Join the lines of a PDF page into paragraphs: a line that stops well short of the
    column's width ends a paragraph (or is a heading); any other line break is a space."""
    lines = [line.rstrip() for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    current = ""
    for line in lines:
        if not line.strip():
            if current:
                out.append(current)
            current = ""
            continue
        if current and current.endswith("-") and line[:1].islower():
            current = current[:-1] + line.strip()
        elif current:
            joiner = "" if re.search(r"[\u4e00-\u9fff]$", current) else " "
            current = current + joiner + line.strip()
        else:
            current = line.strip()
        if len(line) < 0.7 * width:  # a line that stops well short of the column ends its paragraph
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n\n".join(out)


def docx_to_text(path: str) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(path)
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
    return "\n\n".join(parts)
