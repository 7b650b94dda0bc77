"""The annotated corpus in `corpus/`: splits assigned by a hash, never by looking.

A page's split is decided by a hash of its event key (pages that report the same real
event share a key, so they land in the same split and a test page is never the twin of a
training page), or of its file name when it has no key. The rule was fixed before any page
was read: 30% test, 20% dev, 50% train. `python -m coopgraph.evaluate.corpus BATCH...` moves finished
batches from `corpus/incoming/` into `corpus/<split>/{pages,gold}/`, files each batch's
manifest as `corpus/manifests/<batch>.tsv` and rewrites `corpus/SPLITS.tsv`.
"""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sys
from pathlib import Path

SPLITS = ("train", "dev", "test")
COLUMNS = ("file", "split", "batch", "language", "script", "encoding", "format", "kind", "event", "outlet")


def split_of(event: str, file: str) -> str:
    key = (event or file).strip().lower()
    share = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if share < 0.30 else "dev" if share < 0.50 else "train"


def assign(corpus: Path, batches: list[str]) -> list[dict]:
    """Move the finished batches of corpus/incoming into their splits; return all rows."""
    table = corpus / "SPLITS.tsv"
    rows = {r["file"]: r for r in _read(table)} if table.exists() else {}
    for batch_name in batches:
        batch = corpus / "incoming" / batch_name
        manifest = batch / "manifest.tsv"
        for r in _read(manifest):
            name = r["file"].strip()
            page, gold = batch / "pages" / name, batch / "gold" / f"{name}.json"
            if not page.exists() or not gold.exists():
                continue
            split = split_of(r.get("event", ""), name)
            for sub, src in (("pages", page), ("gold", gold)):
                dest = corpus / split / sub / src.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(src), dest)
            data = json.loads((corpus / split / "gold" / gold.name).read_text(encoding="utf-8"))
            data["source"] = f"{split}/pages/{name}"
            (corpus / split / "gold" / gold.name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                                             encoding="utf-8")
            rows[name] = {"file": name, "split": split, "batch": batch.name, **{k: r.get(k, "") for k in COLUMNS[3:]}}
        (corpus / "manifests").mkdir(exist_ok=True)
        shutil.move(str(manifest), corpus / "manifests" / f"{batch.name}.tsv")
        for folder in (batch / "pages", batch / "gold", batch):   # a batch moved whole leaves no folder behind
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", extrasaction="ignore")
        writer.writeheader()
        for name in sorted(rows):
            writer.writerow(rows[name])
    return list(rows.values())


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh, delimiter="\t")]


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[2] / "corpus"
    if not argv or any(a.startswith("-") for a in argv):
        print("usage: python -m coopgraph.evaluate.corpus BATCH... (folders of corpus/incoming)", file=sys.stderr)
        return 2
    missing = [b for b in argv if not (root / "incoming" / b / "manifest.tsv").is_file()]
    if missing:
        print(f"error: no corpus/incoming/<batch>/manifest.tsv for: {', '.join(missing)}", file=sys.stderr)
        return 2
    done = assign(root, argv)
    counts = {s: sum(1 for r in done if r["split"] == s) for s in SPLITS}
    print(f"{len(done)} pages: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
