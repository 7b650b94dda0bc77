"""The `coopgraph` command: verbs that read like sentences.

    coopgraph extract PATH... [-o FILE]     pages in, one JSON record per article out
    coopgraph ingest PATH... [--db FILE]    pages in, the store and its graph brought up to date
    coopgraph fetch URL... [--db FILE]      web pages, feeds and sitemaps in, archived and ingested
    coopgraph watch SOURCES.toml            follow sources round after round
    coopgraph evaluate --gold DIR --pred F  score records against gold annotations
    coopgraph summary FILE                  a readable digest of extracted records

Errors about input are one line on stderr naming the file and the reason; the batch
goes on, and the exit status is 1 when any file failed. A store that cannot be used
(missing, damaged, read-only, a full disk) ends any command with one `error:` line
naming the store and the cause, and exit status 2.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

import click

from coopgraph import __version__
from coopgraph.errors import InputError
from coopgraph.model import EDGES, ENTITY_TYPES, EVENT_TYPES, FACT_KINDS


DB_OPTION = click.option(
    "--db", default=None, envvar="COOPGRAPH_DB", help="The store (default: ./coopgraph.db, or $COOPGRAPH_DB)."
)
# how `extract` and `ingest` run over files: both go through the one runner, extract.run.run_files
FOLLOW_SYMLINKS = click.option("--follow-symlinks", is_flag=True,
                               help="Follow links inside a folder that lead out of it (by default they are reported and skipped).")
MAX_MB = click.option("--max-mb", default=20, show_default=True, help="Skip files larger than this many megabytes.")
PROGRESS = click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
JOBS = click.option("-j", "--jobs", default=1, show_default=True, help="Extraction worker processes.")
ENGINE = click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                      help="Where extraction runs: this machine's processes, or a Dask cluster.")
SCHEDULER = click.option("--scheduler", help="Dask scheduler address (default: a LocalCluster of -j workers).")


def _err(message: str) -> None:
    click.echo(message, err=True)


STORE_KEY = "coopgraph.db"  # the store a command uses, in the context the group shares


class _Main(click.Group):
    def invoke(self, ctx: click.Context):
        """Any command's store failure, raised wherever it is found, becomes one line."""
        import sqlite3

        from coopgraph.store.db import StoreError, store_failure

        try:
            return super().invoke(ctx)
        except StoreError as exc:
            _err(f"error: {exc}")
        except sqlite3.DatabaseError as exc:
            _err(f"error: {store_failure(ctx.meta.get(STORE_KEY, 'the store'), exc)}")
        sys.exit(2)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopgraph")
def main() -> None:
    """Turn news pages about international S&T cooperation into knowledge-graph records."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write JSON Lines here (default: stdout).")
@MAX_MB
@PROGRESS
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Leave out entities, roles and events whose confidence is below this (0-1).")
@click.option("--rules-only", is_flag=True, help="Skip the trained decisions: the rules' output, with no confidence.")
@FOLLOW_SYMLINKS
@JOBS
@ENGINE
@SCHEDULER
def extract(paths: tuple[str, ...], output: str | None, max_mb: int, progress: bool | None, min_confidence: float | None,
            rules_only: bool, follow_symlinks: bool, jobs: int, engine: str, scheduler: str | None) -> None:
    """Extract entities, roles and events from files or folders (.txt, .md, .html, .pdf, .docx)."""
    from coopgraph.extract.run import extract_paths

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    show = sys.stderr.isatty() if progress is None else progress
    try:
        stats = extract_paths(list(paths), out, max_bytes=max_mb * 1024 * 1024, progress=show, on_error=_err,
                              pipeline=_pipeline(rules_only), min_confidence=min_confidence, follow_symlinks=follow_symlinks,
                              jobs=jobs, engine=engine, scheduler=scheduler)
    except KeyboardInterrupt:
        _err("interrupted: records written so far are complete lines")
        sys.exit(130)
    finally:
        if output:
            out.close()
    _err(stats.summary_line())
    sys.exit(1 if stats.errors else 0)


@main.command()
@click.option("--gold", "gold_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False), help="Folder of gold JSON files (repeat for several).")
@click.option("--pred", "pred_file", type=click.Path(exists=True, dir_okay=False), help="Records to score (default: extract the gold's sources now).")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False), help="Where the gold's sources are (default: ../shared/corpus, then the repository).")
@click.option("--detail", is_flag=True, help="List every miss and spurious fact.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--rules-only", is_flag=True, help="Score the rules alone, without the trained decisions.")
@click.option("--trained-only", is_flag=True, help="Let every trained decision decide (the ablation's third arm).")
@click.option("--decide", "decide", multiple=True, metavar="MODEL",
              help="Let this trained decision decide whatever its file says (repeat; 'candidates' for the "
                   "events model's candidate events): an ablation per decision.")
@click.option("--clusters", "clusters_file", type=click.Path(exists=True, dir_okay=False),
              help="Also score entity resolution in --db against this gold clustering (pairwise P/R).")
@click.option("--events-gold", "events_file", type=click.Path(exists=True, dir_okay=False),
              help="Also score event coreference against these gold event clusters (pairwise P/R, look-alikes kept "
                   "apart, copies): on the system's extraction and on the gold's, each in a temporary store; with "
                   "--db, on that store's.")
@DB_OPTION
def evaluate(gold_dirs: tuple[str, ...], pred_file: str | None, corpus_dir: str | None, detail: bool, as_json: bool,
             rules_only: bool, trained_only: bool, decide: tuple[str, ...], clusters_file: str | None,
             events_file: str | None, db: str | None) -> None:
    """Score records against gold annotations (entities, roles, events, relevance, spans)."""
    from coopgraph.evaluate.gold import load_gold
    from coopgraph.evaluate.report import render, render_extra
    from coopgraph.evaluate.scoring import score

    try:
        golds = [g for d in gold_dirs for g in load_gold(Path(d))]
    except InputError as exc:
        _err(exc.line)
        sys.exit(2)
    if not golds:
        _err(f"{', '.join(gold_dirs)}: no gold files (*.json) found")
        sys.exit(2)
    if pred_file:
        records = [json.loads(line) for line in open(pred_file, encoding="utf-8") if line.strip()]
    else:
        if sum(map(bool, (rules_only, trained_only, decide))) > 1:
            _err("--rules-only, --trained-only and --decide are three arms of the ablation: choose one")
            sys.exit(2)
        try:
            pipeline = _pipeline(rules_only, trained_only, decide)
        except ValueError as exc:
            _err(f"--decide: {exc}")
            sys.exit(2)
        records = _extract_for_gold(golds, Path(corpus_dir) if corpus_dir else None, pipeline)
    result = score(golds, records)
    out = result.as_dict()
    extra = _extra_scores(golds, records, result, Path(corpus_dir) if corpus_dir else None)
    out.update(extra)
    if clusters_file:
        from coopgraph.evaluate.clusters import load_clusters, score_clusters

        try:
            out["resolution"] = score_clusters(golds, load_clusters(Path(clusters_file)), _open(db))
        except InputError as exc:
            _err(exc.line)
            sys.exit(2)
    if events_file:
        out["event_coreference"] = _score_events(golds, records, Path(events_file), db)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(render(result, detail and False))
    click.echo(render_extra(extra))
    if detail:
        click.echo("\ndetail\n" + "\n".join("  " + d for d in result.details + extra.get("segment_details", [])))
    if clusters_file:
        click.echo(_resolution_lines(out["resolution"], detail))
    for extraction, scores in out.get("event_coreference", {}).items():
        pairs, apart, copies = scores["pairs"], scores["lookalikes"], scores["copies"]
        click.echo(f"\nevent coreference on {extraction} extraction (pairwise over {scores['events_aligned']} of "
                   f"{scores['gold_events']} gold events aligned; {scores['gold_pairs']} gold pairs): "
                   f"P {pairs['precision']:.3f}  R {pairs['recall']:.3f}  F1 {pairs['f1']:.3f}  "
                   f"(tp {pairs['tp']}, false joins {pairs['fp']}, missed joins {pairs['fn']}); look-alikes kept apart: "
                   f"{apart['kept_apart']} of {apart['aligned']} aligned ({apart['total']} in the gold); copies: "
                   f"P {copies['precision']:.3f}  R {copies['recall']:.3f}")
        if detail:
            for kind in ("false_joins", "missed_joins"):
                click.echo("\n".join(f"  {kind[:-1].replace('_', ' ')}: {x}" for x in scores[kind]))
            click.echo("\n".join(f"  look-alike joined: {x}" for x in apart["joined"]))


def _resolution_lines(result: dict, detail: bool) -> str:
    """The resolution scores as text: overall, by type and language, apart pairs; with
    `detail`, every false and missed merge and every apart pair joined."""
    def prf(p: dict) -> str:
        return (f"P {p['precision']:.3f}  R {p['recall']:.3f}  F1 {p['f1']:.3f}  "
                f"(tp {p['tp']}, false merges {p['fp']}, missed merges {p['fn']})")

    apart, inside = result["apart"], result["apart"]["inside_one_article"]
    lines = [f"\nentity resolution (pairwise, {result['mentions_mapped']} mentions mapped, "
             f"{result['clustered_mapped']} of {result['clustered_gold_entities']} clustered gold entities): "
             + prf(result["pairs"])]
    lines += [f"  {kind:<15} {prf(p)}" for kind, p in (*result["by_type"].items(),
                                                        ("not countries", result["pairs_without_countries"]),
                                                        *result["by_language"].items())]
    lines.append(f"  apart pairs joined: {apart['joined']} of {apart['aligned']} aligned ({apart['total']} in these "
                 f"files); inside one article {inside['joined']} of {inside['aligned']}")
    if detail:
        lines += [f"  apart joined: {x}" for x in apart["joined_pairs"]]
        lines += [f"  false merge: {x}" for x in result["false_merges"]]
        lines += [f"  missed merge: {x}" for x in result["missed_merges"]]
    return "\n".join(lines)


def _score_events(golds, records: list[dict], events_file: Path, db: str | None) -> dict:
    """Event coreference on the store at --db, or on temporary stores of the system's and the gold's extraction."""

    from coopgraph.evaluate.events import gold_records, load_event_clusters, load_pages, score_event_clusters
    from coopgraph.resolve.resolver import resolve
    from coopgraph.store.db import connect

    try:
        clusters, lookalikes = load_event_clusters(events_file)
    except InputError as exc:
        _err(exc.line)
        sys.exit(2)
    if db:
        return {"the store's": score_event_clusters(golds, clusters, lookalikes, _open(db))}
    by_source: dict[str, list[dict]] = {}
    for r in records:
        by_source.setdefault(r["source"], []).append(r)
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for extraction, pages in (("system", list(by_source.items())), ("gold", gold_records(golds, records))):
            conn = connect(Path(folder) / f"{extraction}.db")
            load_pages(conn, pages)
            resolve(conn)
            out[extraction] = score_event_clusters(golds, clusters, lookalikes, conn)
            conn.close()
    return out


def _pipeline(rules_only: bool, trained_only: bool = False, decide: tuple[str, ...] = ()):
    from coopgraph.extract.pipeline import RULES_ONLY, Pipeline, PipelineConfig

    if rules_only:
        return Pipeline(PipelineConfig(components=RULES_ONLY))
    if trained_only:
        return Pipeline(PipelineConfig(options={"decisions": {"mode": "trained"}, "events": {"candidates": True}}))
    if decide:
        from coopgraph.extract.decisions import Decisions

        Decisions(decide=tuple(decide))   # an unknown name is said now, not once per page
        return Pipeline(PipelineConfig(options={"decisions": {"decide": tuple(decide)},
                                                "events": {"candidates": "candidates" in decide}}))
    return None


def _locate(gold, corpus_dir: Path | None) -> Path | None:
    repo = Path(__file__).resolve().parents[1]
    bases = [corpus_dir] if corpus_dir else [repo.parent / "shared" / "corpus", repo / "corpus", repo, repo / "tests", Path.cwd()]
    return next((b / gold.source for b in bases if (b / gold.source).exists()), None)


def _extra_scores(golds, records: list[dict], result, corpus_dir: Path | None) -> dict:
    """Scores per language, segment boundaries and calibration of the records' confidence."""
    from pathlib import PurePath

    from coopgraph.evaluate.report import reliability
    from coopgraph.evaluate.scoring import score
    from coopgraph.evaluate.segments import boundary_scores

    language_of = {}
    for r in records:
        language_of.setdefault(PurePath(r["source"]).name, []).append(r["language"])
    by_language: dict[str, list] = {}
    for g in golds:
        langs = language_of.get(PurePath(g.source).name, ["und"])
        by_language.setdefault(max(set(langs), key=langs.count), []).append(g)
    seg, seg_details = boundary_scores(golds, records, lambda g: _locate(g, corpus_dir))
    return {
        "by_language": {lang: score(gs, records).as_dict() for lang, gs in by_language.items()},
        "segments": seg.as_dict(), "segment_details": seg_details,
        "calibration": reliability(result.judged),
    }


def _extract_for_gold(golds, corpus_dir: Path | None, pipeline=None) -> list[dict]:
    import io

    from coopgraph.extract.run import extract_paths

    paths = []
    for g in golds:
        found = _locate(g, corpus_dir)
        if found is None:
            _err(f"{g.path}: source {g.source} not found (../shared/corpus, corpus/, the repository, tests/, the current folder)")
            continue
        paths.append(str(found))
    buf = io.StringIO()
    extract_paths(paths, buf, progress=False, on_error=_err, pipeline=pipeline)
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


@main.command()
@click.option("--first", "first_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Gold folder of the first annotator (repeat for several).")
@click.option("--second", "second_dirs", required=True, multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Gold folder of the second annotator (repeat for several).")
@click.option("--pages", "pages_dir", required=True, type=click.Path(exists=True, file_okay=False), help="Where the pages are.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def agreement(first_dirs: tuple[str, ...], second_dirs: tuple[str, ...], pages_dir: str, as_json: bool) -> None:
    """Agreement between two annotators of the same pages, scored as extraction is (the ceiling)."""
    from coopgraph.evaluate.agreement import agreement as agree
    from coopgraph.evaluate.report import render

    result, pages = agree([Path(d) for d in first_dirs], [Path(d) for d in second_dirs], Path(pages_dir))
    if as_json:
        click.echo(json.dumps({"pages": pages, **result.as_dict()}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{pages} pages annotated twice\n" + render(result).replace("spans pointing at their text", "(spans: n/a)"))


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Where to write the models (default: inside the package).")
def train(out_dir: str | None) -> None:
    """Rebuild the trained decisions from the annotated corpus (train, then calibrate on dev)."""
    from coopgraph.learn.dataset import training_rows
    from coopgraph.learn.models import models_from
    from coopgraph.learn.teaser_rows import teaser_rows
    from coopgraph.learn.train import DEV_SETS, MODEL_DIR, TRAIN_SETS, train as fit, write_models

    repo = Path(__file__).resolve().parents[1]
    roots = [repo / "corpus", repo / "tests", repo, repo.parent / "shared" / "corpus"]
    sets = {name: [repo / d for d in dirs if (repo / d).is_dir()] for name, dirs in (("train", TRAIN_SETS), ("dev", DEV_SETS))}
    folder = Path(out_dir) if out_dir else MODEL_DIR
    # the segmenter's decision first: the other decisions' rows are read off the segments it gives
    teasers = {name: teaser_rows(dirs, roots) for name, dirs in sets.items()}
    models = fit(teasers["train"], teasers["dev"], {})
    for path in write_models(models, folder):
        _err(f"wrote {path}")
    rows = {}
    with models_from(folder):   # the teasers model just written, wherever --out puts it
        for name, dirs in sets.items():
            _err(f"reading the {name} pages ({', '.join(str(d.relative_to(repo)) for d in dirs)})")
            rows[name] = training_rows(dirs, roots)
    models |= fit(rows["train"], rows["dev"], rows["dev"].missed())
    for path in write_models({k: m for k, m in models.items() if k != "teasers"}, folder):
        _err(f"wrote {path}")
    for kind, model in models.items():
        y = (teasers if kind == "teasers" else rows)["train"].y[kind]
        click.echo(f"{kind:<13} trained on {len(y):5d} rows ({sum(y)} positive), calibrated on {model['calibrated_on']} dev rows, "
                   f"threshold {model['threshold']:.3f}, {len(model['weights'])} features")


@main.command()
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
def summary(records: str) -> None:
    """Print a readable digest of extracted records: entities, roles and events."""
    from coopgraph.summary import render_summary

    rows = [json.loads(line) for line in open(records, encoding="utf-8") if line.strip()]
    click.echo(render_summary(rows))


def _db(db: str | None) -> str:
    from coopgraph.store.db import DEFAULT_DB

    path = db or DEFAULT_DB
    click.get_current_context().meta[STORE_KEY] = path
    return path


def _open(db: str | None, readonly: bool = True):
    from coopgraph.store.db import connect

    return connect(_db(db), readonly=readonly)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@JOBS
@MAX_MB
@PROGRESS
@click.option("--force", is_flag=True, help="Re-extract every file, changed or not (after upgrading the rules).")
@ENGINE
@SCHEDULER
@click.option("--resolver", type=click.Choice(["rules", "splink"]),
              help="Entity resolution: key rules + rapidfuzz, or splink (probabilistic, on DuckDB). "
                   "Remembered by the store; default: what it used last, rules for a new store.")
@FOLLOW_SYMLINKS
def ingest(paths: tuple[str, ...], db: str | None, jobs: int, max_mb: int, progress: bool | None, force: bool,
           engine: str, scheduler: str | None, resolver: str | None, follow_symlinks: bool) -> None:
    """Extract files into the store, skipping unchanged ones, and resolve entities."""
    from coopgraph.store.update import ingest_paths

    show = sys.stderr.isatty() if progress is None else progress
    report = ingest_paths(
        list(paths), _db(db), jobs=jobs, max_bytes=max_mb * 1024 * 1024, progress=show, force=force,
        engine=engine, scheduler=scheduler, resolver=resolver, on_error=_err, follow_symlinks=follow_symlinks,
    )
    _err(report.summary_line())
    if report.interrupted:
        _err("run the same command again to resume: stored files are kept and skipped")
        sys.exit(130)
    sys.exit(1 if report.failed else 0)


def _politeness(f):
    """The options of `fetch` and `watch`: how coopgraph behaves towards the sites it reads."""
    options = [
        click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
                     help="Seconds between two requests to one host (robots.txt may ask for more)."),
        click.option("--timeout", type=click.FloatRange(0.01), default=20.0, show_default=True,
                     help="Seconds to wait to connect, and between two reads of a reply."),
        click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
                     help="More tries after a 5xx reply, a timeout or a dropped connection, with backoff."),
        click.option("--backoff", type=click.FloatRange(0), default=1.0, show_default=True,
                     help="Backoff between retries: the first is at once, the second after this many seconds, "
                          "each next one after twice as long (urllib3's schedule; a Retry-After header is obeyed)."),
        click.option("--max-mb", default=20, show_default=True, help="Refuse replies larger than this many megabytes."),
        click.option("--max-pages", type=click.IntRange(1), default=1000, show_default=True,
                     help="At most this many articles a run (or a watch round)."),
        click.option("--ignore-robots", is_flag=True, help="Do not read robots.txt (only for your own sites)."),
        click.option("--allow-private", is_flag=True,
                     help="Fetch from loopback, link-local and private addresses too (a local server); refused by default."),
        click.option("--user-agent", default=None, help="The User-Agent sent (default: coopgraph/VERSION with what it does)."),
        click.option("--resolver", type=click.Choice(["rules", "splink"]), help="Entity resolution, as for ingest."),
        JOBS, PROGRESS, DB_OPTION,
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _follow_settings(o: dict) -> tuple:
    """The Politeness, the Follower's options and ingest's options that `fetch` and `watch` were given."""
    from coopgraph.follow.http import USER_AGENT, Politeness

    politeness = Politeness(delay=o["delay"], timeout=o["timeout"], max_bytes=o["max_mb"] * 1024 * 1024,
                            retries=o["retries"], backoff=o["backoff"], robots=not o["ignore_robots"],
                            allow_private=o["allow_private"], user_agent=o["user_agent"] or USER_AGENT)
    progress = sys.stderr.isatty() if o["progress"] is None else o["progress"]
    return politeness, {"max_pages": o["max_pages"], "progress": progress}, {"jobs": o["jobs"], "resolver": o["resolver"]}


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--from-archive", "warcs", multiple=True, type=click.Path(dir_okay=False),
              help="Re-extract the articles of this WARC archive (repeatable) instead of fetching: no network.")
@click.option("--language", help="Leave out links marked as another language (two-letter code).")
@_politeness
def fetch(urls: tuple[str, ...], warcs: tuple[str, ...], language: str | None, **options) -> None:
    """Fetch article pages, feeds, sitemaps or a site's home page, archive what was read, and ingest it."""
    from coopgraph.follow.follower import Counts, Follower

    if not urls and not warcs:
        _err("error: give URLs to fetch, or --from-archive WARC")
        sys.exit(2)
    politeness, follow, ingest = _follow_settings(options)
    follower = Follower(_db(options["db"]), politeness, on_error=_err, **follow)
    counts = Counts()
    try:
        for url in urls:
            follower.follow(url, counts, language=language)
        for warc in warcs:
            try:
                follower.from_archive(warc, counts)
            except InputError as exc:
                _err(exc.line)
                counts.failed += 1
        report = follower.ingest(**ingest)
    finally:
        follower.close()
    _err(f"fetched {follower.fetcher.requests} URLs; {counts.line()}")
    _err(report.summary_line())
    sys.exit(1 if counts.failed or report.failed else 0)


@main.command()
@click.argument("sources_file", metavar="SOURCES.toml")
@click.option("--once", is_flag=True, help="One round, then stop (otherwise a round every interval until Ctrl-C).")
@click.option("--interval", type=click.FloatRange(0.01), help="Seconds between rounds (default: the file's interval, or 3600).")
@_politeness
def watch(sources_file: str, once: bool, interval: float | None, **options) -> None:
    """Follow the feeds, sitemaps and section pages of SOURCES.toml: each round fetches and ingests only new or changed items."""
    from coopgraph.follow.watch import load_sources, watch as follow_sources

    try:
        sources, every = load_sources(sources_file)
    except InputError as exc:
        _err(exc.line)
        sys.exit(2)
    politeness, follow, ingest = _follow_settings(options)
    try:
        counts, report = follow_sources(sources, _db(options["db"]), politeness, interval or every, once=once, say=_err,
                                        on_error=_err, **follow, **ingest)
    except KeyboardInterrupt:
        _err("stopped")
        sys.exit(130)
    sys.exit(1 if report.failed or any(c.failed for c in counts.values()) else 0)


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def sources(db: str | None, as_json: bool) -> None:
    """The sources `watch` follows, with their last round: articles listed, new, changed, failed, last success."""
    from coopgraph.store.web import sources as watched

    rows = watched(_open(db))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no sources watched yet (coopgraph watch SOURCES.toml)")
    for r in rows:
        tags = f" [{', '.join(r['tags'])}]" if r["tags"] else ""
        click.echo(f"{r['url']}{tags}\n  {r['kind'] or 'auto'}, {r['language'] or 'any language'}; {r['rounds']} rounds; "
                   f"last: {r['items']} articles, {r['new']} new, {r['changed']} changed, {r['failed']} failed; "
                   f"last success {r['last_success'] or 'never'}{'; error: ' + r['last_error'] if r['last_error'] else ''}")


def _one_entity(conn, name: str):
    from coopgraph.store.queries import find_entities

    found = find_entities(conn, name)
    if not found:
        _err(f"no entity named {name!r}")
        sys.exit(1)
    if len(found) > 1:
        _err(f"{len(found)} entities match {name!r}; showing the first. Others: " + "; ".join(f"{e['name']} ({e['type']})" for e in found[1:6]))
    return found[0]


def _sources(conn, rows: list[dict]):
    """Where each row's fact was read (`explore.source_of`)."""
    from coopgraph.store.explore import source_of

    source = source_of(conn, [r["path"] for r in rows])
    return lambda r: source(r["path"], r["segment"])


@main.command()
@click.argument("name")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
def show(name: str, db: str | None, as_json: bool) -> None:
    """Profile of an entity: names in every language, roles, events in time order, partners."""
    from coopgraph.store.event_cards import card_text, real_event_cards
    from coopgraph.store.queries import profile

    conn = _open(db)
    p = profile(conn, _one_entity(conn, name)["id"])
    if as_json:
        click.echo(json.dumps(p, ensure_ascii=False, indent=2))
        return
    click.echo(f"{p['name']}  [{p['type']}{', ' + p['country'] if p['country'] else ''}]")
    click.echo("names: " + " | ".join(p["names"]))
    source = _sources(conn, p["roles"] + p["events"])
    if p["roles"]:
        click.echo("roles:")
        for r in p["roles"]:
            click.echo(f"  {r['title']} — {r['org'] or '—'}   ({source(r)}){_confidence(r)}")
    if p["events"]:
        click.echo("events:")
        cards = real_event_cards(conn, p["events"])   # one item per real-world event
        for v in p["events"]:
            click.echo("  " + card_text(cards[v["id"]], focus=p["id"]).replace("\n", "\n  "))
    if p["partners"]:
        click.echo("partners: " + "; ".join(f"{q['name']} ({q['shared']})" for q in p["partners"]))


def _confidence(fact: dict) -> str:
    """A fact's confidence as `show` and `why` print it (nothing when the rules alone found it)."""
    return "" if fact.get("confidence") is None else f"  confidence {fact['confidence']:.2f}"


@main.command()
@click.argument("name")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print each mention, its rule, score and confidence as JSON.")
def why(name: str, db: str | None, as_json: bool) -> None:
    """Why the mentions of an entity were joined: one line per mention, with its rule. NAME
    may be an event's id (a real-world event's, or one of its reports'): then why its reports
    were joined, which copy which, and where they disagree."""
    from coopgraph.store.queries import event_gone, event_moved, real_event_of
    from coopgraph.store.queries import why as explain

    conn = _open(db)
    if name.isdigit() and (event := real_event_of(conn, int(name))) is not None:
        if event_moved(conn, int(name)) == event:
            _err(f"event {name} is now part of event {event} (coreference regrouped its reports)")
        _why_event(conn, event, as_json)
        return
    if name.isdigit() and event_gone(conn, int(name)):
        _err(f"event {name} is no longer in the graph: its reports were judged wrong or their files changed")
        sys.exit(1)
    entity = _one_entity(conn, name)
    rows = explain(conn, entity["id"])
    if as_json:
        click.echo(json.dumps({"id": entity["id"], "name": entity["name"], "type": entity["type"], "mentions": rows},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{entity['name']} [{entity['type']}]")
    for row in rows:
        click.echo(f"  {row['name']:<40} {row['path']}#{row['segment']}: {row['rule']} (score {row['score']:.2f})"
                   f"{_confidence(row)}")


def _why_event(conn, event_id: int, as_json: bool = False) -> None:
    from coopgraph.store.queries import why_event

    v = why_event(conn, event_id)
    if as_json:
        click.echo(json.dumps(v, ensure_ascii=False, indent=2))
        return
    click.echo(f"event {v['id']}: {v['type']} {v['name'] or ''} {v['date'] or 'undated'} — {v['reports']} reports, "
               f"{v['independent_sources']} independent")
    for s in v["sources"]:
        copy = f"; copies report {s['copy_of']} ({s['copy_reason']})" if s["copy_of"] != s["event_id"] else ""
        click.echo(f"  report {s['event_id']} {s['url'] or s['path']}#{s['segment']} [{s['language']}]: "
                   f"{s['rule']} (score {s['score']:.1f}){copy}")
    for attr, values in v["disagreements"].items():
        said = "; ".join(f"{x.get('name') or x.get('value') or x.get('entity')} (reports {', '.join(map(str, x['events']))})"
                         for x in values)
        click.echo(f"  disagree on {attr}: {said}")


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def stats(db: str | None, as_json: bool) -> None:
    """Counts of documents, articles, entities and events in the store; failed files; an ingest cut short."""
    from coopgraph.store.db import cut_short
    from coopgraph.store.queries import stats as store_stats

    conn = _open(db)
    data = {**store_stats(conn), "cut_short": cut_short(conn, _db(db))}
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if data["cut_short"]:
        click.echo(f"the last ingest was cut short at {data['cut_short']}; run ingest again to finish")
    click.echo(f"documents {data['documents']} (failed {data['failed_documents']}), articles {data['articles']} "
               f"({data['relevant_articles']} relevant), roles {data['roles']}")
    click.echo("entities: " + ", ".join(f"{t} {n}" for t, n in data["entities"].items()))
    click.echo("events:   " + ", ".join(f"{t} {n}" for t, n in data["events"].items())
               + f" (real-world events, from {data['event_reports']} reports)")
    for f in data["failed"]:
        click.echo(f"failed: {f['path']}: {f['error']}")


@main.command()
@click.argument("text")
@DB_OPTION
@click.option("--type", "etype", type=click.Choice(ENTITY_TYPES), help="Entity type.")
@click.option("--country", help="ISO 3166-1 alpha-2 code of the entity's country (none: entities with no country).")
@click.option("--event-type", type=click.Choice(EVENT_TYPES), help="Articles reporting this kind of event.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Entities and articles with an event in this year.")
@click.option("--language", help="Articles in this language (ISO 639-1, e.g. zh) and entities named in one.")
@click.option("--since", help="Articles published on or after (YYYY-MM-DD).")
@click.option("--until", help="Articles published on or before (YYYY-MM-DD).")
@click.option("--page", type=click.IntRange(1, 10**6), default=1, show_default=True, help="Which page of results.")
@click.option("--limit", type=click.IntRange(1, 200), default=50, show_default=True,
              help="Entities and articles a page (at most 200, search's SEARCH_LIMIT).")
@click.option("--json", "as_json", is_flag=True, help="Print the page as JSON, with the totals and the next page.")
def search(text, db, etype, country, event_type, year, language, since, until, page, limit, as_json) -> None:
    """Find entities (any language, pinyin, typos forgiven) and articles that mention TEXT ("" lists everything)."""
    from html import unescape

    from coopgraph.store.queries import search as run_search

    conn = _open(db)
    found = run_search(conn, text, etype=etype, country=country.upper() if country and country != "none" else country,
                       event_type=event_type, year=year, language=language and language.lower(), since=since,
                       until=until, page=page, limit=limit)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    shown = lambda n, total: f"{(page - 1) * limit + 1}–{(page - 1) * limit + n} of {total}" if n else f"none of {total}"  # noqa: E731
    click.echo(f"entities {shown(len(found['entities']), found['total_entities'])}, "
               f"articles {shown(len(found['articles']), found['total_articles'])}"
               + (f"; next: --page {found['next']}" if found["next"] else ""))
    for word, near in found["corrected"].items():
        click.echo(f"no article has {word!r}: articles with {near!r} instead")
    for e in found["entities"]:
        how = f"  ({e['match']}{': ' + e['matched'] if e['matched'] else ''})" if e["match"] in ("alias", "inside", "fuzzy") else ""
        click.echo(f"entity   {e['name']}  [{e['type']}{', ' + e['country'] if e['country'] else ''}]{how}")
    source = _sources(conn, found["articles"])
    for a in found["articles"]:
        click.echo(f"article  {a['published'] or '????-??-??'}  {a['title'] or '(untitled)'}  ({source(a)})")
        pieces = re.split(r"<mark>(.*?)</mark>", a["snippet"])
        click.echo("         " + "".join(click.style(unescape(p), bold=True) if i % 2 else unescape(p)
                                         for i, p in enumerate(pieces)))


@main.command()
@click.argument("name")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def partners(name: str, db: str | None, as_json: bool) -> None:
    """Organisations and countries that share events with NAME, most shared first."""
    from coopgraph.store.queries import partners as rank

    conn = _open(db)
    rows = rank(conn, _one_entity(conn, name)["id"])
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['shared']:>4}  {r['name']}  [{r['type']}]")


@main.command()
@click.argument("source")
@click.argument("target")
@DB_OPTION
@click.option("--partners-only", is_flag=True, help="Only links that make partners (no fellow attendees of a forum).")
@click.option("--since", type=click.IntRange(1900, 2100), help="Only events from this year on (dated ones).")
@click.option("--until", type=click.IntRange(1900, 2100), help="Only events up to this year (dated ones).")
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES), help="Only events of this type.")
@click.option("--country", help="Only events with a participant of this country (ISO alpha-2).")
@click.option("--json", "as_json", is_flag=True)
def path(source, target, db, partners_only, since, until, event_type, country, as_json) -> None:
    """The shortest path from SOURCE to TARGET through organisations and countries, each step
    with the events that link it (exit status 1 when nothing links them)."""
    from coopgraph.store.explore import EventFilter
    from coopgraph.store.network import shortest_path

    if since is not None and until is not None and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    conn = _open(db)
    a, b = _one_entity(conn, source), _one_entity(conn, target)
    found = shortest_path(conn, a["id"], b["id"], EventFilter(event_type=event_type, country=country and country.upper(),
                                                              since=since, until=until), partners_only=partners_only)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    elif not found["found"]:
        click.echo(f"nothing links {a['name']} to {b['name']}{' through partners only' if partners_only else ''}")
    else:
        names = {n["id"]: n["name"] for n in found["nodes"]}
        steps = len(found["steps"])
        click.echo(" → ".join(names.values()) + f"  ({steps} step{'s' * (steps != 1)})")
        for step in found["steps"]:
            listed = f" (the first {len(step['events'])})" if step["total"] > len(step["events"]) else ""
            click.echo(f"  {names[step['source']]} — {names[step['target']]}: {step['total']} event"
                       f"{'s' * (step['total'] != 1)}{listed}")
            for v in step["events"]:
                click.echo(f"    {v['date'] or '????':<10} {v['type']:<13} {'/'.join(v['roles']):<20} "
                           f"{'partners' if v['partners'] else 'not partners'}  ({v['source']})")
                click.echo(f"      “{v['evidence']}”")
    if not found["found"]:
        sys.exit(1)


@main.command()
@DB_OPTION
@click.option("--country", help="Only events with a participant of this country (ISO alpha-2).")
@click.option("--type", "event_type", type=click.Choice(EVENT_TYPES))
@click.option("--since")
@click.option("--until")
@click.option("--json", "as_json", is_flag=True)
def timeline(db, country, event_type, since, until, as_json) -> None:
    """Real-world events in time order, each said as on the explorer with its sources (--json:
    every report under `sources`, `independent_sources`, `disagreements`)."""
    from coopgraph.store.event_cards import card_text, real_event_cards
    from coopgraph.store.queries import timeline as events

    conn = _open(db)
    rows = events(conn, country=country, event_type=event_type, since=since, until=until)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    cards = real_event_cards(conn, rows)
    for v in rows:
        click.echo(card_text(cards[v["id"]]))


@main.command()
@click.argument("name", required=False)
@click.option("--country", help="A country's brief instead (ISO alpha-2).")
@DB_OPTION
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write: NAME.pdf (one A4 page) or NAME.html (stylesheet inside, no script).")
def brief(name: str | None, country: str | None, db: str | None, output: str) -> None:
    """Write the one-page brief of an entity (NAME) or of a country (--country KE), as the explorer's
    /report pages give it: key partners, events by year, a network, the newest agreements."""
    if (name is None) == (country is None):
        _err("name an entity or give --country, not both")
        sys.exit(2)
    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in ("pdf", "html"):
        _err(f"{output}: a brief is written as .pdf or .html")
        sys.exit(2)
    from coopgraph.web.pages import brief_context, brief_document, country_name

    conn = _open(db)
    if country is not None:
        country = country.upper()
        if country_name(country) is None:
            _err(f"no country {country!r} (a country is named by its two-letter ISO code)")
            sys.exit(1)
    try:
        data, pages = brief_document(brief_context(conn, None if name is None else _one_entity(conn, name), country), fmt)
        Path(output).write_bytes(data)
    except (RuntimeError, OSError) as exc:
        _err(f"{output}: {exc}")
        sys.exit(1)
    click.echo(f"wrote {output}" + (f" ({pages} page{'s' if pages > 1 else ''})" if pages else ""))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "graphml", "neo4j", "ftm"]), default="jsonl", show_default=True)
def export(folder: str, db: str | None, fmt: str) -> None:
    """Write the store to FOLDER: every table (jsonl, csv), the network (graphml), Neo4j import CSVs,
    or followthemoney-style entities (ftm)."""
    from coopgraph.store.export import export_tables
    from coopgraph.store.graph_export import export_ftm, export_graphml, export_neo4j

    conn = _open(db)
    if fmt == "ftm":
        Path(folder).mkdir(parents=True, exist_ok=True)
        paths = [export_ftm(conn, Path(folder) / "entities.ftm.json")]
    elif fmt == "graphml":
        Path(folder).mkdir(parents=True, exist_ok=True)
        paths = [export_graphml(conn, Path(folder) / "coopgraph.graphml")]
    elif fmt == "neo4j":
        paths = export_neo4j(conn, Path(folder))
    else:
        paths = export_tables(conn, Path(folder), fmt)
    for path in paths:
        click.echo(str(path))


@main.command(name="import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@DB_OPTION
def import_(folder: str, db: str | None) -> None:
    """Load a JSON Lines export (from `coopgraph export`) into a new, empty store."""
    from coopgraph.store.export import import_tables

    conn = _open(db, readonly=False)
    try:
        rows = import_tables(conn, Path(folder))
    except (ValueError, FileNotFoundError) as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    _err(f"imported {rows} rows into {_db(db)}")


def _judge(options: dict, kind: str, payload: dict) -> None:
    """Record one judgement, with who made it (--by, default $USER) and why (--reason)."""

    from coopgraph.store.curation import judge

    try:
        counts = judge(_db(options["db"]), kind, payload, author=options["by"] or os.environ.get("USER") or "cli",
                       reason=options["reason"])
    except ValueError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    _err(f"recorded {kind}; the graph has {counts['entities']} entities")


def _judgement(command):
    """The options every judgement takes: the store, who makes it and why."""
    for option in (DB_OPTION, click.option("--by", help="Who makes the judgement (default: $USER)."),
                   click.option("--reason", help="Why, in a sentence (kept in the history).")):
        command = option(command)
    return main.command()(command)


@_judgement
@click.argument("a")
@click.argument("b")
def merge(a: str, b: str, **options) -> None:
    """Record that A and B are one entity (kept across re-ingest)."""
    _judge(options, "merge", {"a": a, "b": b})


@_judgement
@click.argument("entity")
@click.argument("new_name")
def rename(entity: str, new_name: str, **options) -> None:
    """Give an entity the name analysts use (kept across re-ingest)."""
    _judge(options, "rename", {"entity": entity, "name": new_name})


@_judgement
@click.argument("entity")
@click.argument("new_type", type=click.Choice(ENTITY_TYPES))
def retype(entity: str, new_type: str, **options) -> None:
    """Correct an entity's type (kept across re-ingest)."""
    _judge(options, "retype", {"entity": entity, "type": new_type})


@_judgement
@click.argument("entity")
@click.argument("name")
def split(entity: str, name: str, **options) -> None:
    """Separate the mentions called NAME from ENTITY (kept across re-ingest)."""
    _judge(options, "split", {"entity": entity, "name": name})


@_judgement
@click.argument("kind", type=click.Choice(EDGES))
@click.argument("a", type=click.IntRange(1))
@click.argument("b", type=click.IntRange(1))
def judge(kind: str, a: int, b: int, **options) -> None:
    """Judge two entities by id (as in /entity/ID): the SAME one, DIFFERENT ones (never joined
    by any rule), or UNSURE (kept out of `review`). Kept across re-ingest."""
    _judge(options, kind, {"a": a, "b": b})


@_judgement
@click.argument("fact", type=click.Choice(["mention", "role", "event"]))
@click.argument("path")
@click.argument("segment", type=int)
@click.argument("key")
@click.option("--title", help="For a role: the title as extracted.")
def wrong(fact: str, path: str, segment: int, key: str, title: str | None, **options) -> None:
    """Mark a fact wrong: an entity mention (KEY = its name), a role (KEY = person, with
    --title) or an event (KEY = its id in the record, e.g. v2) of article PATH#SEGMENT."""
    payload = {"fact": fact, "path": path, "segment": segment}
    payload.update({"event": key} if fact == "event" else {"name": key})
    if fact == "role":
        if not title:
            _err("error: a role needs --title")
            sys.exit(2)
        payload["title"] = title
    _judge(options, "wrong", payload)


@main.command()
@DB_OPTION
def undo(db: str | None) -> None:
    """Take back the last correction, all its judgements (merge, split, rename, retype, wrong, same, different, unsure)."""
    from coopgraph.store.curation import undo as undo_judgement

    undone = undo_judgement(_db(db))
    _err(f"undone: {undone}" if undone else "nothing to undo")


@main.command()
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True)
def review(db: str | None, limit: int, as_json: bool) -> None:
    """Pairs of entities that may be one (splink 0.5-0.95, or a rule's near-miss: "rule" and
    why it refused) and no one has judged, most useful first; answer each with `coopgraph
    judge same|different|unsure A B`."""
    from coopgraph.store.queries import review_queue

    rows = review_queue(_open(db), limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{'rule ' if r['probability'] is None else format(r['probability'], '.3f')}  {r['a']['id']} {r['a']['name']} [{r['a']['type']}, {r['a']['mentions']}]"
                   f"  ?=  {r['b']['id']} {r['b']['name']} [{r['b']['type']}, {r['b']['mentions']}]")
        click.echo(f"       {'; '.join(r['evidence'])}")
    if not rows:
        click.echo("nothing to review")


SEED = click.option("--seed", type=click.IntRange(0, 2**62), default=1, show_default=True,
                    help="The random sample's seed (the same seed draws the same facts).")


@main.command(name="review-facts")
@DB_OPTION
@click.option("--order", type=click.Choice(["lowest", "sample"]), default="lowest", show_default=True,
              help="Lowest confidence first, or the seeded random sample that the quality estimate uses.")
@click.option("--kind", type=click.Choice(FACT_KINDS), help="Only this kind of fact.")
@SEED
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--done", is_flag=True, help="List the latest reviews instead (with their ids, for undo-review).")
@click.option("--json", "as_json", is_flag=True)
def review_facts(db: str | None, order: str, kind: str | None, seed: int, limit: int, done: bool, as_json: bool) -> None:
    """Facts to review, lowest confidence first or as a seeded random sample; answer each with
    `coopgraph accept|reject KIND ID` (add `--sample --seed N` in the sample's order)."""
    from coopgraph.store.fact_review import queue, reviews

    conn = _open(db)
    rows = reviews(conn, limit=limit) if done else queue(conn, order, kind=kind, seed=seed, limit=limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        conf = "  —  " if r["confidence"] is None else f"{r['confidence']:.3f}"
        if done:
            origin = f"sample, seed {r['seed']}" if r["sampled"] else "lowest first"
            click.echo(f"#{r['id']:<5} {r['created_at']}  {r['author'] or '?':<10} {r['verdict']:<6} {r['kind']} "
                       f"{r['fact_id']}  {conf}  {r['summary']}  ({origin}{'' if r['in_force'] else ', undone'})")
        else:
            earlier = f"  [earlier: {r['earlier']}]" if r["earlier"] else ""
            click.echo(f"{conf}  {r['kind']} {r['id']}  {r['summary']}{earlier}\n       {r['evidence'][:160]}  "
                       f"({r['path']}#{r['segment']})")
    if not rows:
        click.echo("no reviews yet" if done else "nothing to review")


def _verdict(verdict: str, kind: str, fact_id: int, options: dict) -> None:

    from coopgraph.store.fact_review import decide

    try:
        review = decide(_db(options["db"]), kind, fact_id, verdict, sampled=options["sample"], seed=options["seed"],
                        author=options["by"] or os.environ.get("USER") or "cli", reason=options["reason"])
    except ValueError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    _err(f"review #{review['id']}: {verdict}ed {kind} {fact_id} ({review['fact']['summary']})"
         f"{'; hidden from the graph' if verdict == 'reject' else ''}")


def _verdict_command(command):
    """The options of `accept` and `reject`: the store, the sample, who and why."""
    for option in (SEED, click.option("--sample", is_flag=True, help="The fact was drawn by the random sample "
                                                                     "(it then counts for the quality estimate)."),
                   click.argument("fact_id", type=click.IntRange(1)), click.argument("kind", type=click.Choice(FACT_KINDS))):
        command = option(command)
    return _judgement(command)


@_verdict_command
def accept(kind: str, fact_id: int, **options) -> None:
    """Accept a fact (KIND ID as `review-facts` lists it)."""
    _verdict("accept", kind, fact_id, options)


@_verdict_command
def reject(kind: str, fact_id: int, **options) -> None:
    """Reject a fact (KIND ID as `review-facts` lists it): it is hidden from the graph until the review is undone."""
    _verdict("reject", kind, fact_id, options)


@main.command(name="undo-review")
@click.argument("review_id", type=click.IntRange(1))
@DB_OPTION
def undo_review(review_id: int, db: str | None) -> None:
    """Take back one fact review (its id from `review-facts --done`): a rejected fact is shown again."""
    from coopgraph.store.fact_review import undo_review as take_back

    try:
        undone = take_back(_db(db), review_id)
    except ValueError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    _err(f"undone: review #{review_id} ({undone['verdict']} of {undone['kind']} {undone['id']})")


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def quality(db: str | None, as_json: bool) -> None:
    """Precision per kind of fact, from the facts reviewed in the random sample (95% Wilson interval)."""
    from coopgraph.store.fact_review import quality as estimate

    data = estimate(_open(db))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for k in data["kinds"]:
        if k["reviewed"]:
            click.echo(f"{k['label']}: {k['estimate']:.2f} ± {k['margin']:.2f} from {k['reviewed']} reviewed "
                       f"({k['accepted']} accepted; 95% interval {k['low']:.2f}-{k['high']:.2f}; {k['facts']} in the store)")
        else:
            click.echo(f"{k['label']}: no estimate, none reviewed in the random sample ({k['facts']} in the store)")
    click.echo("from the random sample only; reviews made lowest confidence first are not used (a biased sample)")


@main.command(name="export-reviewed")
@click.argument("folder", type=click.Path(file_okay=False))
@DB_OPTION
def export_reviewed(folder: str, db: str | None) -> None:
    """Write the accepted facts as gold files (docs/GOLD.md) into FOLDER, one per source, to grow the annotated corpus."""
    from coopgraph.store.reviewed_gold import export_reviewed as write_gold

    paths, gone = write_gold(_open(db), Path(folder))
    for path in paths:
        click.echo(str(path))
    if gone:
        _err(f"{gone} accepted facts left out: their files changed since they were reviewed")
    if not paths:
        _err("no accepted facts to export")


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True)
def history(db: str | None, as_json: bool) -> None:
    """Every correction, newest first: when, who, what, why, and whether it was undone."""
    from coopgraph.store.queries import history as corrections

    rows = corrections(_open(db))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for c in rows:
        what = "; ".join(f"{j['kind']} " + ", ".join(f"{k}={v}" for k, v in j.items() if k not in ("id", "kind"))
                         for j in c["judgements"])
        click.echo(f"#{c['correction']:<4} {c['created_at']}  {c['author'] or '?':<12} {what}"
                   f"{'  — ' + c['reason'] if c['reason'] else ''}{'  (undone)' if c['undone'] else ''}")


# each server process holds its own caches (a few hundred MB on a store of 5,000 articles)
DEFAULT_WORKERS_AT_MOST = 8


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback: only this machine).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--edit-token", envvar="COOPGRAPH_EDIT_TOKEN", help="Allow corrections to whoever presents this token "
              "(or set COOPGRAPH_EDIT_TOKEN). Without it the explorer is read-only.")
@click.option("--workers", type=click.IntRange(1, 64), help="Server processes answering at once, each with its own "
              f"caches (default: one per core, at most {DEFAULT_WORKERS_AT_MOST}).")
@click.option("--no-answer-cache", is_flag=True, help="Answer every search and profile afresh, instead of keeping "
              "them until the store changes (to measure what they cost).")
def serve(db: str | None, host: str, port: int, edit_token: str | None, workers: int | None, no_answer_cache: bool) -> None:
    """Serve the explorer (web pages and JSON API) over the store."""
    import uvicorn

    from coopgraph.api.app import LOOPBACK, SERVE_SETTINGS, create_app
    from coopgraph.api.security import EditGuard

    _open(db).close()  # a missing or damaged store is said now, not on the first page
    if edit_token is not None and len(edit_token) < 8:
        _err("error: an edit token needs at least 8 characters")
        sys.exit(2)
    loopback = host in LOOPBACK
    if not loopback:
        _err(f"warning: serving on {host}: anyone who can reach this address can read the graph")
    hosts = None if loopback else ["*"]
    workers = workers or min(len(os.sched_getaffinity(0)), DEFAULT_WORKERS_AT_MOST)
    shown = f"[{host}]" if ":" in host else host
    _err(f"coopgraph explorer on http://{shown}:{port}/ ({'editing with the token' if edit_token else 'read-only'}, "
         f"{workers} process{'es' if workers > 1 else ''}); Ctrl-C stops it")
    if workers == 1:
        uvicorn.run(create_app(_db(db), edit_token=edit_token, allowed_hosts=hosts, answer_cache=not no_answer_cache),
                    host=host, port=port, log_level="warning")
        return
    # Several processes (uvicorn imports the app's factory in each): their sessions and
    # wrong tokens are kept in one file, in a folder only this user can read, gone at exit.
    with tempfile.TemporaryDirectory(prefix="coopgraph-serve-") as private:
        guard_state = Path(private) / "guard.db"
        EditGuard(edit_token, guard_state)   # made once, before the workers open it
        os.environ[SERVE_SETTINGS] = json.dumps({"db": str(Path(_db(db)).resolve()), "allowed_hosts": hosts,
                                                 "guard_state": str(guard_state), "answer_cache": not no_answer_cache})
        if edit_token:
            os.environ["COOPGRAPH_EDIT_TOKEN"] = edit_token
        uvicorn.run("coopgraph.api.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                    log_level="warning")


if __name__ == "__main__":
    main()
