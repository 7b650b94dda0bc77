"""Extraction speed against a bare NER pass, measured in the same run.

The corpus is the seeds and the dev corpus copied N times (default 20). Two child
processes run on the same machine, one after the other:

- baseline: the bare statistical NER over the same cleaned paragraphs (spaCy's English
  pipeline for English paragraphs, LAC for Chinese ones) and nothing else;
- full: `coopgraph extract` end to end (read, decode, clean, segment, detect language,
  NER, entities, dates, relevance, roles, events, JSON out).

Both load their models before the clock starts and report words per second (whitespace
words plus one per CJK character) and their own peak memory. The ratio full/baseline is
what matters: machines are shared and noisy, absolute figures are not comparable.

    python benchmarks/extract_speed.py [--copies 20] [--corpus ../shared/corpus]
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_corpus(source: Path, copies: int, into: Path) -> list[Path]:
    files = sorted(p for p in source.rglob("*.txt") if p.name != "SOURCES.tsv")
    out = []
    for i in range(copies):
        for f in files:
            target = into / f"copy{i:02d}_{f.parent.name}_{f.name}"
            shutil.copyfile(f, target)
            out.append(target)
    return out


def _baseline(paths: list[str]) -> dict:
    from coopgraph.extract.pipeline import article_from_segment
    from coopgraph.ingest.reader import read_source
    from coopgraph.nlp.chinese import lac_model, to_simplified
    from coopgraph.nlp.english import english_pipeline
    from coopgraph.nlp.language import detect_language
    from coopgraph.text import word_count

    en_paras, zh_paras = [], []
    for path in paths:  # untimed: the baseline gets its paragraphs for free
        for i, seg in enumerate(read_source(path).segments):
            article = article_from_segment(path, i, seg)
            target = zh_paras if detect_language(article.text) == "zh" else en_paras
            target.extend(s.text(article.text) for s in article.paragraphs)
    nlp, lac = english_pipeline(), lac_model()
    nlp("warm up"), lac.run("预热")
    start = time.perf_counter()
    for _doc in nlp.pipe(en_paras, batch_size=64):
        pass
    for para in zh_paras:
        lac.run(to_simplified(para))
    seconds = time.perf_counter() - start
    words = sum(word_count(p) for p in en_paras + zh_paras)
    return {"seconds": seconds, "words": words}


def _full(paths: list[str]) -> dict:
    import io

    from coopgraph.extract.pipeline import Pipeline
    from coopgraph.extract.run import extract_paths
    from coopgraph.text import word_count

    pipeline = Pipeline()
    extract_paths(paths[:3], io.StringIO(), pipeline=pipeline, on_error=lambda _m: None)  # load models
    out = io.StringIO()
    start = time.perf_counter()
    stats = extract_paths(paths, out, pipeline=pipeline, on_error=lambda _m: None)
    seconds = time.perf_counter() - start
    words = sum(word_count(json.loads(line)["text"]) for line in out.getvalue().splitlines())
    return {"seconds": seconds, "words": words, "articles": stats.articles, "errors": stats.errors}


def child(kind: str, listing: str) -> None:
    paths = Path(listing).read_text().split("\n")
    result = _baseline(paths) if kind == "baseline" else _full(paths)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(kind: str, listing: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(listing)], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = build_corpus(args.corpus, args.copies, Path(tmp))
        listing = Path(tmp) / "files.lst"
        listing.write_text("\n".join(str(f) for f in files))
        base = run_child("baseline", listing)
        full = run_child("full", listing)
    base_wps = base["words"] / base["seconds"]
    full_wps = full["words"] / full["seconds"]
    print(f"corpus: {len(files)} files ({args.copies} copies), {full['articles']} articles, {full['words']:,} words")
    print(f"{'':<22}{'seconds':>9}{'words/s':>10}{'peak MB':>9}")
    print(f"{'bare NER pass':<22}{base['seconds']:>9.1f}{base_wps:>10,.0f}{base['peak_mb']:>9.0f}")
    print(f"{'coopgraph extract':<22}{full['seconds']:>9.1f}{full_wps:>10,.0f}{full['peak_mb']:>9.0f}")
    print(f"speed ratio (extract / bare NER): {full_wps / base_wps:.2f}  (target >= 0.5)")
    print(f"peak memory of extract: {full['peak_mb']:.0f} MB  (target < 1536 MB)")


if __name__ == "__main__":
    main()
