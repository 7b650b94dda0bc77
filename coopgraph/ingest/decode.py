"""Bytes to text. The encoding is detected from the bytes, never guessed from the name.

News pages arrive as UTF-8, GBK/GB18030 or Big5 (and sometimes UTF-16 with a BOM).
Strict UTF-8 is tried first because it almost never decodes non-UTF-8 bytes by accident;
otherwise charset-normalizer chooses among the encodings seen in this domain.
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Encodings charset-normalizer may choose from for non-UTF-8 input.
CANDIDATE_ENCODINGS = ["gb18030", "big5", "utf_16", "cp1252", "latin_1", "shift_jis", "euc_kr"]
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the head mean a binary file, not a news page."""
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError with a reason."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name.replace("-sig", "")
    if looks_binary(data):
        raise DecodeError("binary file (not text, HTML or Markdown)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise DecodeError("undecodable bytes: not UTF-8, GB18030, Big5 or another known encoding")
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise DecodeError(f"undecodable bytes: too many invalid characters as {best.encoding}")
    return text, best.encoding
