"""The command line on good and bad input: one clear line per bad file, the batch goes on."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

COOPGRAPH = [sys.executable, "-m", "coopgraph"]


def run(*args, cwd=None):
    return subprocess.run([*COOPGRAPH, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def messy_folder(tmp_path_factory, corpus) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "good.txt").write_text((corpus / "dev" / "12_cas-kenya-sajorc-mou.txt").read_text(encoding="utf-8"), encoding="utf-8")
    gbk = (corpus / "dev" / "13_china-arab-tech-transfer-conference.txt").read_text(encoding="utf-8")
    (folder / "gbk-page.txt").write_bytes(gbk.encode("gb18030"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + os.urandom(4096))
    (folder / "huge.txt").write_bytes(b"word " * (3 * 1024 * 1024 // 5 + 1))
    (folder / "dangling.txt").symlink_to(folder / "missing-target.txt")
    (folder / "notes.docx.tmp").write_text("ignored: not a supported suffix inside a folder")
    many = folder / "many"
    many.mkdir()
    for i in range(1500):
        (many / f"{i:04d}.txt").write_bytes(b"")
    return folder


def test_bad_files_get_one_line_each_and_good_work_is_kept(messy_folder, tmp_path):
    out = tmp_path / "records.jsonl"
    result = run("extract", str(messy_folder), "-o", str(out), "--max-mb", "2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    by_file = {Path(line.split(": ")[1]).name: line for line in lines if line.startswith("error: ")}
    assert "empty file" in by_file["empty.txt"]
    assert "binary file" in by_file["image.txt"]
    assert "over the 2 MB limit" in by_file["huge.txt"]
    assert "cannot read" in by_file["dangling.txt"]
    assert sum(1 for line in lines if "many/" in line and "empty file" in line) == 1500
    assert lines[-1].startswith("1506 files, ") and "1504 errors" in lines[-1]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    sources = {Path(r["source"]).name for r in records}
    assert sources == {"good.txt", "gbk-page.txt"}
    gbk = next(r for r in records if r["source"].endswith("gbk-page.txt"))
    assert gbk["language"] == "zh" and gbk["relevant"] and "黄卫" in {e["name"] for e in gbk["entities"]}


def test_missing_path_and_clean_exit(corpus, tmp_path):
    result = run("extract", str(tmp_path / "nope"), str(corpus / "dev" / "16_rice-dwarf-gene-discovery.txt"))
    assert result.returncode == 1
    assert "nope: no such file or folder" in result.stderr
    record = json.loads(result.stdout.splitlines()[0])
    assert record["relevant"] is False and record["language"] == "en"
    ok = run("extract", str(corpus / "dev" / "16_rice-dwarf-gene-discovery.txt"))
    assert ok.returncode == 0 and ok.stderr.strip().endswith("0 errors in " + ok.stderr.strip().split(" errors in ")[1])


def test_summary_reads_like_a_digest(corpus, tmp_path):
    out = tmp_path / "r.jsonl"
    assert run("extract", str(corpus / "seeds" / "000_034e7e5437f64165.txt"), "-o", str(out)).returncode == 0
    digest = run("summary", str(out)).stdout
    assert "ROLE     Yanhe Ma — Director General — Tianjin Institute of Industrial Biotechnology" in digest
    assert "MEETING  International Forum on Innovative Development of Biomanufacturing [2023-11-09..2023-11-10 in Tianjin]" in digest


def test_show_and_timeline_say_what_each_event_was(tmp_path):
    """An event reads as what happened, with whom, and where it was read (the page's title, site,
    date and URL when known; else the article's title and the file's name), not as
    '2021 ESTABLISHMENT as founder'."""
    from click.testing import CliRunner
    from stores import HUB, crowded_store

    from coopgraph.cli import main

    db = str(crowded_store(tmp_path / "hub.db"))
    shown = CliRunner().invoke(main, ["show", HUB, "--db", db])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    first = lines.index("events:") + 1
    assert lines[first].split() == ["2010-01-15", "AGREEMENT", "Agreement", "between", HUB.split()[0], *HUB.split()[1:],
                                    "and", "Amber", "Research", "Council", "—", "as", "party", "—", "with", "Amber",
                                    "Research", "Council", "(party)"]
    assert lines[first + 1].strip() == ("source: Hub and first partner sign — Vaccine News, 2010-01-17 "
                                        "(https://vaccine-news.example.org/hub-first#0)")
    founding = lines.index(f"  undated    ESTABLISHMENT {HUB} founded Hub Training Centre — as founder")
    assert lines[founding + 1].strip() == "source: The hub opens a training centre (centre.txt#0)"
    assert str(tmp_path) not in shown.output
    timeline = CliRunner().invoke(main, ["timeline", "--db", db, "--type", "ESTABLISHMENT"])
    assert timeline.output.splitlines() == [
        f"undated    ESTABLISHMENT {HUB} founded Hub Training Centre — {HUB} (founder)",
        "             source: The hub opens a training centre (centre.txt#0)"]
    as_json = json.loads(CliRunner().invoke(main, ["timeline", "--db", db, "--type", "ESTABLISHMENT", "--json"]).output)
    assert [(v["type"], v["date"], v["path"]) for v in as_json] == [("ESTABLISHMENT", None, "hub/centre.txt")]   # as before


def test_brief_writes_one_printed_page(tmp_path):
    """`coopgraph brief` writes what /report gives: a PDF of one A4 page (counted with pypdf),
    even for a hub with 25 partners and 24 agreements, or one HTML file without a script."""
    from click.testing import CliRunner
    from pypdf import PdfReader
    from stores import HUB, crowded_store

    from coopgraph.cli import main

    db = str(crowded_store(tmp_path / "hub.db"))
    out = CliRunner().invoke(main, ["brief", HUB, "--db", db, "-o", str(tmp_path / "hub.pdf")])
    assert out.exit_code == 0 and out.output == f"wrote {tmp_path / 'hub.pdf'} (1 page)\n", out.output
    assert len(PdfReader(tmp_path / "hub.pdf").pages) == 1
    out = CliRunner().invoke(main, ["brief", "--country", "ke", "--db", db, "-o", str(tmp_path / "ke.html")])
    html = (tmp_path / "ke.html").read_text(encoding="utf-8")
    assert out.exit_code == 0 and "<style>" in html and "<script" not in html and "Kenya (KE)" in html
    wrong = CliRunner().invoke(main, ["brief", "--country", "XX", "--db", db, "-o", str(tmp_path / "x.pdf")])
    assert wrong.exit_code == 1 and "no country 'XX'" in wrong.output and not (tmp_path / "x.pdf").exists()


def test_an_ablation_arm_per_decision_is_named_and_checked():
    """`evaluate --decide MODEL` lets one trained decision decide; a name that is no model, or two arms
    at once, is a clear error before any page is read."""
    from click.testing import CliRunner

    from coopgraph.cli import main
    from coopgraph.extract.decisions import Decisions

    wrong = CliRunner().invoke(main, ["evaluate", "--gold", "tests/gold/seeds", "--decide", "nonsense"])
    assert wrong.exit_code == 2 and "no trained decision named nonsense" in wrong.output
    both = CliRunner().invoke(main, ["evaluate", "--gold", "tests/gold/seeds", "--decide", "roles", "--rules-only"])
    assert both.exit_code == 2 and "choose one" in both.output
    shipped, forced = Decisions(), Decisions(decide=("participants", "candidates"))
    assert forced.models["participants"]["decides"] is True
    assert forced.models["events"]["candidates_decide"] is True
    assert forced.models["roles"]["decides"] == shipped.models["roles"]["decides"]
