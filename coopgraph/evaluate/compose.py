"""Multi-article pages composed at run time, to measure segmentation on layouts nobody tuned it on.

The corpus has few multi-article pages, and the segmenter was fitted to their layouts. This
builds new ones from the corpus's single-article pages (our own writers' text) and their gold:
each part is an article's headline (its gold title) and its body (the page's lines from the one
holding the gold `anchor` to the one holding its `last`), and each composed page carries gold
made from its parts' gold (anchors, `last`, relevance), so that boundaries and relevance are
scored on it as on a corpus page. Every choice (family, parts, separators, labels, chrome) is
drawn from one seeded RNG, so a seed names a set of pages. Families of layout:

- `roundup`: a newspaper or e-paper page, a digest: 2-5 articles one after another, each with
  its headline and perhaps a date line or byline, with one kind of separator per page;
- `related`: an article followed by a list of other pages' headlines ("Related", "猜你喜欢", or
  no label), some with their first sentence;
- `lead-teaser`: 1-3 teasers placed between an article's lead paragraph and its body;
- `chrome`: one of the above with site chrome around it (menus, share bars, footers).

A teaser given by its headline only is a segment when its page's event is relevant (corpus/README.md);
one with a line of body is a segment either way. HTML pages are not used (their text between
tags breaks mid-paragraph), and pages of corpus/test never are: that set stays blind.

    python -m coopgraph.evaluate.compose --from corpus/train --pages 200 --seed 1
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from coopgraph.errors import InputError
from coopgraph.evaluate.gold import GoldFile, GoldSegment, load_gold
from coopgraph.evaluate.goldcheck import page_text, squash
from coopgraph.text import has_cjk

FAMILIES = ("roundup", "related", "lead-teaser", "chrome")


@dataclass
class Part:
    """One single-article page, ready to be placed in a composed page."""

    name: str
    language: str               # "zh" or "en"
    title: str
    paragraphs: list[str]       # from the anchor's line to the last's line, blank lines dropped
    anchor: str
    last: str
    relevant: bool
    published: str | None


@dataclass
class ComposedPage:
    name: str
    family: str
    language: str
    text: str
    segments: list[GoldSegment] = field(default_factory=list)

    def gold(self, source: str) -> GoldFile:
        return GoldFile(Path(self.name + ".json"), source, None, self.segments)


def _line_index(lines: list[str]) -> tuple[str, list[int]]:
    """The page squashed, and for each of its characters the line it came from."""
    squashed, owner = [], []
    for k, line in enumerate(lines):
        piece = squash(line)
        squashed.append(piece)
        owner.extend([k] * len(piece))
    return "".join(squashed), owner


def load_parts(folder: Path) -> list[Part]:
    """The single-segment text pages of a corpus split (`folder` holds pages/ and gold/) whose gold
    title, anchor and last can be placed; pages of corpus/test are refused."""
    if folder.resolve().name == "test":
        raise InputError(str(folder), "the blind test split is never composed from (use corpus/train or corpus/dev)")
    if not (folder / "gold").is_dir() or not (folder / "pages").is_dir():
        raise InputError(str(folder), "not a corpus split: it needs a gold/ and a pages/ folder")
    parts = []
    for gold in load_gold(folder / "gold"):
        page = folder / "pages" / Path(gold.source).name
        if len(gold.segments) != 1 or page.suffix.lower() not in (".txt", ".md") or not page.exists():
            continue
        seg = gold.segments[0]
        lines = page_text(page).splitlines()
        squashed, owner = _line_index(lines)
        at, end = squashed.find(squash(seg.anchor)), squashed.find(squash(seg.last or ""))
        if not seg.title or not seg.last or at < 0 or end < at:
            continue
        last_line = owner[end + len(squash(seg.last)) - 1]
        paragraphs = [line.strip() for line in lines[owner[at]:last_line + 1] if line.strip()]
        language = "zh" if has_cjk(seg.title) else "en"
        parts.append(Part(page.name, language, seg.title.strip(), paragraphs, seg.anchor, seg.last, seg.relevant,
                          gold.published))
    return parts


_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z\"“])")


def first_sentence(lines: list[str]) -> str:
    """The first sentence (at least 30 characters of it) of a body that may be hard-wrapped: a teaser's line of body."""
    paragraph = ("" if has_cjk(lines[0]) else " ").join(lines[:4])
    for m in _SENTENCE_END.finditer(paragraph):
        if m.start() >= 30:
            return paragraph[:m.start()].strip()
    return paragraph.strip()


# ---- the furniture of pages, written for this measure: generic, no site's own -------------------------

_EN = {
    "labels": ["Related", "Related articles", "You may also like", "More news", "Read also", "See also", "Recommended", None],
    "masthead": ["SCIENCE & HEALTH WEEKLY", "Research News Roundup", "Weekly digest: science and innovation",
                 "TODAY'S PAPER", "Innovation Briefs"],
    "furniture": ["Page {n}", "PAGE {n}", "Page {n} | World", "- {n} -"],
    "bylines": ["By staff reporter", "By our correspondent", "By {date_en}", "{date_en}", "Published: {date_iso}",
                "{date_iso} | News desk"],
    "menus": ["Home | News | Science | Health | Business | About Us", "Home  World  Science  Tech  Opinion  Contact",
              "Subscribe", "Sign in", "Menu", "Search"],
    "share": ["Share: Facebook | Twitter | LinkedIn | WhatsApp", "Share this article", "Print", "Comments"],
    "footers": ["Contact us | Privacy policy | Terms of use | Advertise", "© 2024 News Media Group. All rights reserved.",
                "Back to top", "Follow us on Facebook and Twitter"],
}
_ZH = {
    "labels": ["相关阅读", "相关新闻", "猜你喜欢", "推荐阅读", "延伸阅读", "更多新闻", None],
    "masthead": ["科技周刊", "今日要闻", "本期导读", "国际合作简报", "科技日报·国际版"],
    "furniture": ["第{n:02d}版", "第{n:02d}版：国际", "A{n:02d}版"],
    "bylines": ["本报记者 王晓", "{date_zh}", "发布时间：{date_iso}", "{date_iso}  来源：本报", "来源：综合报道  {date_zh}"],
    "menus": ["首页 | 新闻 | 科技 | 国际 | 专题 | 关于我们", "首页  要闻  科技  国际  评论  视频", "登录", "注册", "搜索"],
    "share": ["分享到：微信 微博 QQ空间", "【字号 大 中 小】", "打印", "收藏"],
    "footers": ["关于我们 | 联系我们 | 网站地图 | 法律声明", "版权所有 新闻网 未经授权禁止转载", "京ICP备12345678号",
                "返回顶部"],
}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
# How one article is told from the next on a page (the separator before each article after the first).
SEPARATORS = ("none", "blank", "rule", "stars", "square", "numbered", "bracketed", "furniture")
_RULES = ["———", "----------", "* * *", "______", "━━━━━━━━"]


def _furniture(language: str) -> dict:
    return _ZH if language == "zh" else _EN


def _date_words(published: str | None) -> dict:
    y, m, d = (published or "2023-06-15").split("-") + ["01"] * (3 - len((published or "2023-06-15").split("-")))
    return {"date_iso": f"{y}-{m}-{d}", "date_en": f"{_MONTHS[int(m) - 1]} {int(d)}, {y}",
            "date_zh": f"{y}年{int(m)}月{int(d)}日"}


@dataclass
class _Builder:
    """The lines of one composed page and the gold segments placed in it so far."""

    rng: random.Random
    language: str
    paragraph_gap: str          # between paragraphs: "\n" or "\n\n"
    lines: list[str] = field(default_factory=list)
    segments: list[GoldSegment] = field(default_factory=list)

    def add(self, *lines: str, tight: bool = False) -> None:
        """Lines of the page; each a paragraph of its own unless `tight` (a headline over its teaser's line)."""
        for line in lines:
            self.lines.append(line)
            if not tight and self.paragraph_gap == "\n\n":
                self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"

    def segment(self, part: Part, anchor: str, last: str, title: str | None) -> None:
        self.segments.append(GoldSegment(anchor, title, part.relevant, [], [], [], last))

    def dateline(self, part: Part) -> None:
        """A date line or byline under a headline, drawn from the page's kinds."""
        self.add(self.rng.choice(_furniture(self.language)["bylines"]).format(**_date_words(part.published)))

    def article(self, part: Part, headline: str, dated: bool) -> None:
        self.add(headline)
        if dated:
            self.dateline(part)
        self.add(*part.paragraphs)
        self.segment(part, part.anchor, part.last, part.title)

    def teaser(self, part: Part, with_body: bool, marker: str) -> None:
        """Another page's headline, perhaps with its first sentence: a segment when it has that line
        of body, or when its event is relevant (a headline-only teaser)."""
        self.add(marker + part.title, tight=with_body)
        if with_body:
            line = first_sentence(part.paragraphs)
            self.add(line)
            self.segment(part, _piece(line, start=True), _piece(line, start=False), part.title)
        elif part.relevant:
            self.segment(part, _piece(part.title, start=True), _piece(part.title, start=False), part.title)


def _piece(line: str, start: bool) -> str:
    """A verbatim piece of at most 60 characters from the start or the end of a line (gold anchors are short)."""
    size = 30 if has_cjk(line) else 60
    return line[:size].strip() if start else line[-size:].strip()


def _roundup(b: _Builder, parts: list[Part]) -> None:
    f = _furniture(b.language)
    separator = b.rng.choice(SEPARATORS)
    dated = b.rng.random() < 0.5
    if b.rng.random() < 0.4:
        b.add(b.rng.choice(f["masthead"]))
    page_no = b.rng.randint(2, 16)
    rule = b.rng.choice(_RULES)
    for k, part in enumerate(parts):
        headline = part.title
        if separator == "numbered":
            headline = f"{k + 1}. {headline}" if b.language == "en" else f"{'一二三四五'[k]}、{headline}"
        elif separator == "square":
            headline = "■ " + headline
        elif separator == "bracketed":
            headline = f"【{headline}】"
        if k:
            if separator == "rule":
                b.add(rule)
            elif separator == "stars":
                b.add("*")
            elif separator == "blank":
                b.add("", "")
            elif separator == "furniture":
                b.add(f["furniture"][0 if b.language == "en" else 1].format(n=page_no + k) if b.rng.random() < 0.5
                      else b.rng.choice(f["furniture"]).format(n=page_no + k))
        b.article(part, headline, dated)


def _teaser_list(b: _Builder, parts: list[Part], with_label: bool = True) -> None:
    f = _furniture(b.language)
    label = b.rng.choice(f["labels"]) if with_label else None
    if label:
        b.add(label)
    marker = b.rng.choice(["", "", "• ", "- ", "▶ ", "· "])
    share_of_bodies = b.rng.choice([0.0, 0.5, 1.0])
    for part in parts:
        b.teaser(part, b.rng.random() < share_of_bodies, marker)


def _related(b: _Builder, main: Part, others: list[Part]) -> None:
    b.article(main, main.title, b.rng.random() < 0.5)
    if b.rng.random() < 0.4:
        b.add(b.rng.choice(_RULES))
    _teaser_list(b, others)


def _lead_teaser(b: _Builder, main: Part, others: list[Part]) -> None:
    b.add(main.title)
    if b.rng.random() < 0.5:
        b.dateline(main)
    b.add(main.paragraphs[0])
    at = len(b.segments)
    boxed = b.rng.random() < 0.5
    if boxed:
        b.add(b.rng.choice(_RULES))
    _teaser_list(b, others)
    if boxed:
        b.add(b.rng.choice(_RULES))
    b.add(*main.paragraphs[1:])
    # the article comes before its teasers: segments are listed in the order of their anchors
    b.segments.insert(at, GoldSegment(main.anchor, main.title, main.relevant, [], [], [], main.last))


def _chrome(b: _Builder, draw) -> None:
    f = _furniture(b.language)
    b.add(*b.rng.sample(f["menus"], b.rng.randint(1, 3)))
    draw(b)
    if b.rng.random() < 0.7:
        b.add(b.rng.choice(f["share"]))
    b.add(*b.rng.sample(f["footers"], b.rng.randint(1, 3)))


def compose(parts: list[Part], family: str, rng: random.Random, name: str) -> ComposedPage | None:
    """One page of the family, from parts of one language drawn by `rng`; None when the parts
    do not make one (too few of the language, a gold piece that is not unique in the page)."""
    language = rng.choice(["en", "zh"])
    pool = [p for p in parts if p.language == language]
    b = _Builder(rng, language, rng.choice(["\n", "\n\n"]))
    inner = family if family != "chrome" else rng.choice(FAMILIES[:3])
    long_enough = [p for p in pool if len(p.paragraphs) >= 3]
    if len(pool) < 5 or not long_enough:
        return None
    if inner == "roundup":
        draw = (lambda bb: _roundup(bb, rng.sample(pool, rng.randint(2, 5))))
    else:
        main = rng.choice(long_enough)
        rest = [p for p in pool if p is not main]
        others = rng.sample(rest, rng.randint(1, 3) if inner == "lead-teaser" else rng.randint(2, min(5, len(rest))))
        draw = (lambda bb: (_related if inner == "related" else _lead_teaser)(bb, main, others))
    if family == "chrome":
        _chrome(b, draw)
    else:
        draw(b)
    page = ComposedPage(name, family, language, b.text(), b.segments)
    squashed = squash(page.text)
    if any(squashed.count(squash(s.anchor)) != 1 or squashed.count(squash(s.last)) != 1 for s in page.segments):
        return None
    return page


def compose_pages(parts: list[Part], count: int, seed: int) -> list[ComposedPage]:
    """`count` pages, the families in turn, every choice drawn from `random.Random(seed)`."""
    rng = random.Random(seed)
    pages: list[ComposedPage] = []
    tries = 0
    while len(pages) < count and tries < count * 20:
        family = FAMILIES[len(pages) % len(FAMILIES)]
        page = compose(parts, family, rng, f"composed_{len(pages):04d}_{family}")
        tries += 1
        if page is not None:
            pages.append(page)
    return pages


# ---- measuring ---------------------------------------------------------------------------------------------

def write_pages(pages: list[ComposedPage], folder: Path) -> list[tuple[ComposedPage, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for page in pages:
        path = folder / f"{page.name}.txt"
        path.write_text(page.text, encoding="utf-8")
        out.append((page, path))
    return out


def segment_records(paths: list[Path]) -> list[dict]:
    """Records carrying only what boundary scoring reads (source, segment, title, text): segmentation
    alone, with no NLP, for quick rounds."""
    from coopgraph.ingest.reader import read_source

    records = []
    for path in paths:
        try:
            segments = read_source(str(path)).segments
        except InputError:
            continue
        records += [{"source": str(path), "segment": k, "title": s.title, "text": s.text, "relevant": False}
                    for k, s in enumerate(segments)]
    return records


def extracted_records(paths: list[Path]) -> list[dict]:
    """The whole extraction's records (relevance needs entities and events)."""
    import io
    import json

    from coopgraph.extract.run import extract_paths

    buf = io.StringIO()
    extract_paths([str(p) for p in paths], buf, progress=False, on_error=lambda line: None)
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def measure(placed: list[tuple[ComposedPage, Path]], records: list[dict], with_relevance: bool) -> dict[str, dict]:
    """Boundary P/R/F1 (and relevance accuracy) per family and over all, with the misses and spurious
    boundaries as details."""
    from coopgraph.evaluate.scoring import score
    from coopgraph.evaluate.segments import boundary_scores

    by_family: dict[str, list[tuple[ComposedPage, Path]]] = {}
    for page, path in placed:
        by_family.setdefault(page.family, []).append((page, path))
    out = {}
    for family, group in [*sorted(by_family.items(), key=lambda kv: FAMILIES.index(kv[0])), ("all", placed)]:
        golds = [page.gold(str(path)) for page, path in group]
        prf, details = boundary_scores(golds, records, lambda g: Path(g.source))
        row = {"pages": len(group), "boundaries": prf.as_dict(), "details": details}
        if with_relevance:
            result = score(golds, records)
            row["relevance"] = {"accuracy": result.relevance_accuracy, "correct": result.relevance_correct,
                                "total": result.relevance_total}
            row["details"] += [d for d in result.details if "RELEVANT" in d or "SEGMENT" in d]
        out[family] = row
    return out


def render(scores: dict[str, dict]) -> str:
    lines = []
    for family, row in scores.items():
        b = row["boundaries"]
        line = (f"{family:<12} {row['pages']:>4} pages  boundaries P {b['precision']:.3f}  R {b['recall']:.3f}  "
                f"F1 {b['f1']:.3f}  (tp {b['tp']}, fp {b['fp']}, fn {b['fn']})")
        if "relevance" in row:
            r = row["relevance"]
            line += f"  relevance {r['accuracy']:.3f} ({r['correct']}/{r['total']})"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m coopgraph.evaluate.compose", description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", required=True, help="a corpus split with pages/ and gold/ (corpus/train or corpus/dev)")
    parser.add_argument("--pages", type=int, default=200, help="how many pages to compose (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="the RNG's seed (default 1)")
    parser.add_argument("--out", help="keep the composed pages and their gold in this folder")
    parser.add_argument("--segments-only", action="store_true", help="segmentation alone: boundaries, no relevance (no NLP)")
    parser.add_argument("--detail", action="store_true", help="list every missed and spurious boundary and wrong relevance")
    args = parser.parse_args(argv)
    try:
        if args.pages < 1:
            raise InputError("--pages", f"must be at least 1, not {args.pages}")
        parts = load_parts(Path(args.source))
    except InputError as exc:
        print(exc.line, file=sys.stderr)
        return 2
    pages = compose_pages(parts, args.pages, args.seed)
    if not pages:
        print(f"{args.source}: too few single-article pages to compose from ({len(parts)})", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.out) if args.out else Path(tmp)
        placed = write_pages(pages, folder)
        if args.out:
            _write_gold(placed, folder)
        paths = [path for _, path in placed]
        records = segment_records(paths) if args.segments_only else extracted_records(paths)
        scores = measure(placed, records, not args.segments_only)
    print(f"{len(pages)} pages composed from {len(parts)} single-article pages of {args.source} (seed {args.seed})")
    print(render(scores))
    if args.detail:
        print("\n".join("  " + d for d in scores["all"]["details"]))
    return 0


def _write_gold(placed: list[tuple[ComposedPage, Path]], folder: Path) -> None:
    """Each page's gold beside it, in the corpus's layout (for reading the failures)."""
    import json

    for page, path in placed:
        segments = [{"anchor": s.anchor, "last": s.last, "title": s.title, "relevant": s.relevant} for s in page.segments]
        data = {"source": path.name, "family": page.family, "segments": segments}
        path.with_suffix(".json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
