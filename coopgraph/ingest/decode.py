"""Bytes to text. The encoding is detected from the bytes, never guessed from the name.

News pages arrive as UTF-8, GBK/GB18030 or Big5 (and sometimes UTF-16, with or without a
BOM). Strict UTF-8 is tried first because it almost never decodes other bytes by accident;
a UTF-8 page with a stray bad byte stays UTF-8 (the byte replaced, and a warning). Chinese
legacy encodings are told apart by what the bytes decode to: the right one gives common
characters, a wrong one rare characters (GB18030 decodes almost any bytes, so "it decodes"
proves nothing). Other encodings are left to charset-normalizer.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from functools import lru_cache

from charset_normalizer import from_bytes

# Encodings charset-normalizer may choose from for input that is neither UTF nor Chinese.
CANDIDATE_ENCODINGS = ["cp1252", "latin_1", "shift_jis", "euc_kr"]
CHINESE_ENCODINGS = ("gb18030", "cp950", "big5hkscs")
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
MAX_BAD_UTF8 = 0.001      # share of bytes that may be invalid in a page still read as UTF-8


class DecodeError(ValueError):
    pass


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The everyday characters of both scripts: GB2312's first level (3,755 simplified
    characters by frequency) and Big5's frequently used block (5,401 traditional ones)."""
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                chars.add(bytes([lead, trail]).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are everyday Chinese characters or common
    punctuation: near 1 for the right decoding, low for mojibake."""
    common = _common_hanzi()
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return 0.0
    good = sum(1 for c in wide if c in common or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
               or c in "“”‘’…—·•")
    return good / len(wide)


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


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text with no BOM: English in it puts a NUL in every other byte; Chinese in it
    decodes to everyday characters in one byte order only."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:8192]
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    nuls = even_nuls + odd_nuls
    if not nuls:
        orders = ["utf-16-le", "utf-16-be"]
    elif odd_nuls >= 0.9 * nuls:      # Latin letters: the high byte, second in little-endian, is NUL
        orders = ["utf-16-le"]
    elif even_nuls >= 0.9 * nuls:
        orders = ["utf-16-be"]
    else:
        return None
    for name in orders:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:4000] if ord(c) < 32 and c not in "\t\n\r\f")
        ascii_like = sum(1 for c in text[:4000] if ord(c) < 128)
        if controls == 0 and (ascii_like > len(text[:4000]) // 2 or _plausibility(text[:4000]) > 0.9):
            return Decoded(text, "utf-16")
    return None


def _chinese(data: bytes) -> Decoded | None:
    best: tuple[float, str, str] | None = None
    for name in CHINESE_ENCODINGS:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0] + 0.02:
            best = (score, text, name)
    if best is None or best[0] < 0.8:
        return None
    return Decoded(best[1], "big5" if best[2] in ("cp950", "big5hkscs") else best[2])


def decode(data: bytes) -> Decoded:
    """The text of a page, its encoding, and warnings a person should see. Raises DecodeError."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(name, errors="replace"), name.replace("-sig", ""))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if looks_binary(data):
        raise DecodeError("binary file (not text, HTML or Markdown)")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if any(ord(c) > 127 and c != "\ufffd" for c in text) and bad <= max(1, len(data) * MAX_BAD_UTF8):
        # UTF-8 with a few broken bytes (a cut download, a bad copy): everything else is right
        return Decoded(text, "utf-8", [f"{bad} invalid UTF-8 byte sequence{'s' if bad > 1 else ''} replaced with U+FFFD"])
    chinese = _chinese(data)
    if chinese is not None:
        return chinese
    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise DecodeError("undecodable bytes: not UTF-8, UTF-16, GB18030, Big5 or another known encoding")
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise DecodeError(f"undecodable bytes: too many invalid characters as {best.encoding}")
    return Decoded(text, best.encoding)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises DecodeError with a reason."""
    decoded = decode(data)
    return decoded.text, decoded.encoding
