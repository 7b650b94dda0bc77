"""The `coopgraph` command: verbs that read like sentences.

    coopgraph extract PATH... [-o FILE]     pages in, one JSON record per article out
    coopgraph evaluate --gold DIR --pred F  score records against gold annotations
    coopgraph summary FILE                  a readable digest of extracted records

Errors about input are one line on stderr naming the file and the reason; the batch
goes on, and the exit status is 1 when any file failed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from coopgraph import __version__


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopgraph")
def main() -> None:
    """Turn news pages about international S&T cooperation into knowledge-graph records."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write JSON Lines here (default: stdout).")
@click.option("--max-mb", default=20, show_default=True, help="Skip files larger than this many megabytes.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
def extract(paths: tuple[str, ...], output: str | None, max_mb: int, progress: bool | None) -> None:
    """Extract entities, roles and events from files or folders (.txt, .md, .html)."""
    from coopgraph.extract.run import extract_paths

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    show = sys.stderr.isatty() if progress is None else progress
    try:
        stats = extract_paths(list(paths), out, max_bytes=max_mb * 1024 * 1024, progress=show, on_error=_err)
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
def evaluate(gold_dirs: tuple[str, ...], pred_file: str | None, corpus_dir: str | None, detail: bool, as_json: bool) -> None:
    """Score records against gold annotations (entities, roles, events, relevance, spans)."""
    from coopgraph.evaluate.gold import load_gold
    from coopgraph.evaluate.report import render
    from coopgraph.evaluate.scoring import score

    golds = [g for d in gold_dirs for g in load_gold(Path(d))]
    if not golds:
        _err(f"{', '.join(gold_dirs)}: no gold files (*.json) found")
        sys.exit(2)
    if pred_file:
        records = [json.loads(line) for line in open(pred_file, encoding="utf-8") if line.strip()]
    else:
        records = _extract_for_gold(golds, Path(corpus_dir) if corpus_dir else None)
    result = score(golds, records)
    click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) if as_json else render(result, detail))


def _extract_for_gold(golds, corpus_dir: Path | None) -> list[dict]:
    import io

    from coopgraph.extract.run import extract_paths

    repo = Path(__file__).resolve().parents[1]
    bases = [corpus_dir] if corpus_dir else [repo.parent / "shared" / "corpus", repo, Path.cwd()]
    paths = []
    for g in golds:
        found = next((b / g.source for b in bases if (b / g.source).exists()), None)
        if found is None:
            _err(f"{g.path}: source {g.source} not found under {', '.join(str(b) for b in bases)}")
            continue
        paths.append(str(found))
    buf = io.StringIO()
    extract_paths(paths, buf, progress=False, on_error=_err)
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


@main.command()
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
def summary(records: str) -> None:
    """Print a readable digest of extracted records: entities, roles and events."""
    from coopgraph.summary import render_summary

    rows = [json.loads(line) for line in open(records, encoding="utf-8") if line.strip()]
    click.echo(render_summary(rows))


if __name__ == "__main__":
    main()
