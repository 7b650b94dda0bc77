"""Peak memory and time of reading hostile documents, against reading a normal one.

Each case is read by `read_source` in a child process of its own, so that its peak
resident memory is its own; "+MB" is how far the peak rose above what the process held
after its imports. The "x" columns are ratios to the baseline (a normal .docx read in
the same run), because machines are shared and absolute figures vary.

- docx bomb: a real one, a word/document.xml of --bomb-mb MB of paragraphs packed to
  about 1 MB (read in full it took over 2 GB of memory);
- docx entities: a billion-laughs DTD in word/document.xml;
- flate bomb PDF: a page whose content stream is --bomb-mb MB of spaces packed by flate;
- big normal PDF: 200 pages of text, read (a limit must not refuse real documents).

    python benchmarks/input_limits.py [--bomb-mb 1000]
"""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "The Kenya Medical Research Institute and the Chinese Academy of Sciences signed a memorandum in Nairobi."
PARAGRAPH = f"<w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p>"


def normal_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Kenya and China sign a biotechnology MoU")
    for _ in range(50):
        doc.add_paragraph(SENTENCE)
    doc.save(path)


def docx_bomb(path: Path, megabytes: int) -> None:
    """A normal .docx whose document.xml is rewritten, streamed, to `megabytes` of paragraphs."""
    normal_docx(path)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    head, tail = parts.pop("word/document.xml").split(b"<w:body>")
    block = PARAGRAPH.encode() * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head + b"<w:body>")
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                part.write(block)
            part.write(tail)


def docx_entities(path: Path) -> None:
    normal_docx(path)
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + b"]>"
    head, rest = parts["word/document.xml"].split(b"?>", 1)
    parts["word/document.xml"] = head + b"?>" + laughs + rest.replace(b"MoU", b"&lol9;")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def pdf(path: Path, pages: int, padding_mb: int = 0) -> None:
    """`pages` pages of text; the first one's content stream followed by `padding_mb` MB of
    spaces, packed by flate as it is made (the bomb is never whole in this process)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    spaces = b" " * (1024 * 1024)
    for n in range(pages):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        lines = [f"Page {n}: the Kenya Medical Research Institute and the Chinese Academy of Sciences"] * 40
        packer = zlib.compressobj(9)
        packed = [packer.compress(("BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET").encode())]
        packed += [packer.compress(spaces) for _ in range(padding_mb if n == 0 else 0)]
        packed.append(packer.flush())
        content = StreamObject.initialize_from_dictionary(
            {NameObject("/Filter"): NameObject("/FlateDecode"), "__streamdata__": b"".join(packed)})
        page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss starts at the parent's peak after a fork)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def child(path: str) -> dict:
    """Read one file; memory is counted above what the process held after its imports."""
    import docx  # noqa: F401
    import pypdf  # noqa: F401

    from coopgraph.errors import InputError
    from coopgraph.ingest.reader import read_source

    imported = _peak_mb()
    started = time.perf_counter()
    try:
        source = read_source(path)
        outcome = f"read: {len(source.segments)} segments" + (f", {len(source.warnings)} warnings" if source.warnings else "")
    except InputError as exc:
        outcome = exc.reason
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "grew_mb": _peak_mb() - imported,
            "outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bomb-mb", type=int, default=1000, help="Unpacked size of the bombs, in MB.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        cases = {
            "normal docx (baseline)": d / "normal.docx",
            f"docx bomb ({args.bomb_mb} MB of XML)": d / "bomb.docx",
            "docx billion laughs": d / "laughs.docx",
            f"flate bomb PDF ({args.bomb_mb} MB stream)": d / "bomb.pdf",
            "normal PDF, 200 pages": d / "normal.pdf",
        }
        normal_docx(d / "normal.docx")
        docx_bomb(d / "bomb.docx", args.bomb_mb)
        docx_entities(d / "laughs.docx")
        pdf(d / "bomb.pdf", 1, padding_mb=args.bomb_mb)
        pdf(d / "normal.pdf", 200)
        base = None
        print(f"{'case':34} {'file KB':>8} {'seconds':>8} {'peak MB':>8} {'+MB':>6} {'time x':>7} {'+MB x':>6}  outcome")
        for name, path in cases.items():
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            base = base or r
            print(f"{name:34} {path.stat().st_size / 1024:>8.0f} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f} "
                  f"{r['grew_mb']:>6.0f} {r['seconds'] / base['seconds']:>7.1f} {r['grew_mb'] / max(base['grew_mb'], 1):>6.1f}  "
                  f"{r['outcome']}", flush=True)


if __name__ == "__main__":
    main()
