"""The explorer under load: a real server on 127.0.0.1 answering 20 clients at once.

A synthetic store of 5,000 articles (English and Chinese, a few thousand organisations,
people, countries and places, events of every type; built from hand-written records as
tests/stores.py builds the tests' stores, without the NLP pipeline) is served by
`coopgraph serve` in a subprocess. Clients (keep-alive HTTP/1.1 over asyncio's streams) then send `/api/search` and
entity pages (`/entity/{id}` HTML and `/api/entities/{id}`) with `--concurrency` requests
in flight. Searches are nearly all distinct: pieces of the store's entity names and of its
articles' words in both languages, a few fixed queries, with facet filters; entities are
drawn from all of them. Twice: on a quiet store, and while a writer process does what
`coopgraph ingest` does (stages documents one commit each, and every 250 switches them in
with a new resolution, in one transaction). Reported per kind of request: p50, p95, p99,
errors (target p95 < 300 ms, no errors), and GETs asked again because the server had just
closed their idle keep-alive connection; and the server's CPU time per request.
`--in-process` sends the same requests one at a time to the app in this process instead, and
reports the CPU each takes, then the same again.

    python benchmarks/explorer_load.py [--articles 5000] [--requests 600] [--concurrency 20] [--workers N]
                                       [--db STORE] [--no-answer-cache] [--in-process]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from stores import record  # noqa: E402

from coopgraph.resolve.resolver import resolve  # noqa: E402
from coopgraph.store.db import connect  # noqa: E402
from coopgraph.store.load import replace_document, stage, switch_in  # noqa: E402

COUNTRIES = [("Kenya", "KE"), ("China", "CN"), ("Brazil", "BR"), ("Egypt", "EG"), ("Germany", "DE"), ("India", "IN"),
             ("Argentina", "AR"), ("Pakistan", "PK"), ("Serbia", "RS"), ("Thailand", "TH"), ("Nigeria", "NG"),
             ("Chile", "CL"), ("Vietnam", "VN"), ("Italy", "IT"), ("Ethiopia", "ET"), ("Uruguay", "UY")]
CITIES = ["Nairobi", "Tianjin", "Cape Town", "Trieste", "Lahore", "Belgrade", "Bangkok", "Cairo", "Santiago",
          "Hanoi", "Addis Ababa", "Montevideo", "Chengdu", "Recife", "Pune", "Lagos", "Heidelberg", "Rosario"]
KINDS = ["Institute", "Academy", "University", "Centre", "Council", "Agency", "Laboratory", "Foundation"]
FIELDS = ["Biotechnology", "Agricultural Sciences", "Marine Research", "Public Health", "Genomics", "Energy Studies",
          "Materials Science", "Space Technology", "Water Resources", "Tropical Medicine", "Climate Research"]
FIRST = ["Amina", "Li", "Carlos", "Fatima", "Hans", "Priya", "Diego", "Wanjiru", "Nguyen", "Marco", "Olu", "Sofia"]
LAST = ["Odhiambo", "Wei", "Silva", "Hassan", "Becker", "Sharma", "Ramos", "Kamau", "Thanh", "Rossi", "Adeyemi", "Pérez"]
ZH_ORGS = [f"{c}{k}" for c in ("天津", "北京", "上海", "成都", "武汉", "广州", "西安", "南京", "杭州", "昆明")
           for k in ("大学", "生物技术研究所", "农业科学院", "医学研究中心", "科学技术协会", "海洋研究所")]
ZH_PEOPLE = [a + b for a in "王李张刘陈杨黄赵" for b in ("伟", "芳", "敏", "静", "强", "磊")]
EN_FILLER = [
    "The two sides agreed to exchange researchers and share data from field stations.",
    "Officials said the programme would train young scientists over the next five years.",
    "The memorandum covers joint laboratories, technology transfer and capacity building.",
    "Delegates visited greenhouses, sequencing facilities and a seed bank during the visit.",
    "Funding will come from both governments and from international development partners.",
    "The cooperation builds on a decade of joint projects in vaccines and crop breeding.",
]
ZH_FILLER = ["双方同意在联合实验室、技术转移和人才培养等方面深化合作。", "会议期间，代表们参观了基因测序平台和种质资源库。",
             "该项目将在未来五年内培训青年科研人员。", "双方表示将共同推动科技创新合作迈上新台阶。"]
QUERIES = ["institute", "biotechnology", "University of", "Kenya", "academy of agricultural", "Amina", "wei", "天津",
           "大学", "研究所", "中国", "合作", "memorandum", "vaccines", "seed bank", "Nairobi", "a", "zzzz", "Centre for Gen"]
FILTERS = [{}, {}, {}, {"type": "ORG"}, {"type": "PERSON"}, {"event_type": "AGREEMENT"}, {"event_type": "MEETING"},
           {"country": "CN"}, {"country": "KE"}, {"year": 2021}, {"year": 2017, "event_type": "MEMBERSHIP"},
           {"language": "zh"}, {"language": "en", "type": "ORG"}]


def _orgs(rng: random.Random) -> list[tuple[str, str]]:
    orgs = [(f"{k} of {f}", code) for k in KINDS for f in FIELDS for _, code in [rng.choice(COUNTRIES)]]
    orgs += [(f"{country} {k} of {f}", code) for country, code in COUNTRIES for k in KINDS[:4] for f in FIELDS[:6]]
    orgs += [(f"{city} {k} for {f}", rng.choice(COUNTRIES)[1]) for city in CITIES for k in KINDS[:3] for f in FIELDS]
    return orgs


def synthetic_record(rng: random.Random, path: str, orgs: list[tuple[str, str]]) -> dict:
    """One relevant article: an agreement, a meeting or an establishment between a few
    organisations, a person with a title, a country and a city, padded with filler text."""
    zh = rng.random() < 0.2
    if zh:
        parties, person, place = rng.sample(ZH_ORGS, 3), rng.choice(ZH_PEOPLE), rng.choice(["天津", "北京", "成都", "昆明"])
        country = ("中国", "CN")
        text = (f"{parties[0]}与{parties[1]}签署合作协议。{parties[2]}主办的研讨会在{place}举行，{person}出席。"
                f"{country[0]}代表团参加了会议。" + "".join(rng.choices(ZH_FILLER, k=40)))
        entities = [("ORG", p, "CN") for p in parties] + [("PERSON", person, "CN"), ("PLACE", place, "CN"),
                                                           ("COUNTRY", country[0], country[1])]
    else:
        picked = rng.sample(orgs, 3)
        parties = [name for name, _ in picked]
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        place, country = rng.choice(CITIES), rng.choice(COUNTRIES)
        text = (f"{parties[0]} and {parties[1]} signed an agreement in {place}. {parties[2]} hosted a workshop "
                f"attended by {person}, its director. Delegates from {country[0]} took part. "
                + " ".join(rng.choices(EN_FILLER, k=20)))
        entities = [("ORG", name, code) for name, code in picked] + [("PERSON", person, country[1]), ("PLACE", place, None),
                                                                      ("COUNTRY", country[0], country[1])]
    date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = rng.choice(["AGREEMENT", "AGREEMENT", "ESTABLISHMENT", "MEMBERSHIP"])
    role = {"AGREEMENT": "party", "ESTABLISHMENT": "founder", "MEMBERSHIP": "member"}[kind]
    rec = record(path, text, entities, roles=[(person, "Director", parties[2])], events=[
        (kind, date, [(parties[0], role), (parties[1], role)]),
        ("MEETING", date, [(parties[2], "organizer"), (person, "attendee"), (country[0], "attendee")])])
    rec.update(language="zh" if zh else "en", published=date, title=text[:40])
    return rec


def documents(rng: random.Random, prefix: str):
    """Synthetic documents, endlessly: (path, record)."""
    orgs, i = _orgs(random.Random(7)), 0
    while True:
        yield synthetic_record(rng, f"{prefix}{i:05d}.txt", orgs)
        i += 1


def store_record(conn, rec: dict) -> None:
    replace_document(conn, rec["source"], hashlib.sha256(rec["text"].encode()).hexdigest(), len(rec["text"]), "utf-8", [rec])


def build_store(db: Path, articles: int) -> None:
    conn = connect(db)
    for rec in itertools.islice(documents(random.Random(1), "news/"), articles):
        store_record(conn, rec)
    resolve(conn)
    conn.close()


def write_while_serving(db: str, stop, written) -> None:
    """An ingest's writes: documents staged one commit each, and every 250 switched in with
    the graph re-resolved, in one transaction (`coopgraph ingest` on batches of 250 files)."""
    conn = connect(db)
    seen: dict[str, str] = {}
    for rec in documents(random.Random(2), "live/"):
        if stop.is_set():
            break
        sha = hashlib.sha256(rec["text"].encode()).hexdigest()
        stage(conn, rec["source"], sha, len(rec["text"]), "utf-8", [rec], None, "benchmark")
        seen[rec["source"]] = sha
        written.value += 1
        if written.value % 250 == 0:
            resolve(conn, change=lambda c, batch=seen: switch_in(c, batch))
            seen = {}
    conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int | None = None, answer_cache: bool = True) -> subprocess.Popen:
    """`coopgraph serve` on the store, with its default number of processes unless `workers`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "coopgraph", "serve", "--db", str(db), "--port", str(port),
                               *(["--workers", str(workers)] if workers else []),
                               *([] if answer_cache else ["--no-answer-cache"])], env=env, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the explorer did not start: " + server.stderr.read().decode(errors="replace"))


def search_texts(db: Path, rng: random.Random, n: int) -> list[str]:
    """`n` search texts, nearly all different: pieces of entity names (from a character to
    a few words), words and pairs of words of English texts, runs of two to four characters
    of any text, and now and then one of QUERIES."""
    conn = connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM entity_names")]
    texts = rng.sample([r[0] for r in conn.execute("SELECT text FROM articles ORDER BY id")], 200)
    conn.close()
    out = []
    for _ in range(n):
        kind, text = rng.random(), rng.choice(texts)
        if kind < 0.35:
            name = rng.choice(names)
            start = rng.randrange(len(name))
            out.append(name[start:start + rng.randint(1, 14)])
        elif kind < 0.65 and " " in text:  # (Chinese runs are taken below)
            words = text.split()
            start = rng.randrange(len(words))
            out.append(" ".join(words[start:start + rng.randint(1, 2)]).strip(".,"))
        elif kind < 0.9:
            start = rng.randrange(len(text))
            out.append(text[start:start + rng.randint(2, 4)].strip())
        else:
            out.append(rng.choice(QUERIES))
    return out


def plan(rng: random.Random, db: Path, entity_ids: list[int], requests: int) -> list[tuple[str, str, dict]]:
    """(kind, path, params) in a shuffled order: half searches, half entity pages."""
    work = [("search", "/api/search", {"q": q, **rng.choice(FILTERS)}) for q in search_texts(db, rng, requests // 2)]
    for _ in range(requests - len(work)):
        i = rng.choice(entity_ids)
        work.append(("entity", rng.choice([f"/entity/{i}", f"/api/entities/{i}"]), {}))
    rng.shuffle(work)
    return work


class Connection:
    """One keep-alive HTTP/1.1 connection of a benchmark client, over asyncio's streams: a GET
    written as bytes, its answer read by Content-Length (or chunks). httpx spent about as much
    CPU on a request as the server did, on the same two cores; this is a small fraction."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        """(status, body) of GET `target`; a connection the server closed while idle is
        opened again once, as a browser does for a GET (uvicorn closes them after 5 s)."""
        fresh = self.reader is None
        if fresh:
            await self._open()
        try:
            return await self._exchange(target)
        except (ConnectionError, asyncio.IncompleteReadError):
            if fresh:
                raise
            await self._open()
            raise Retried(await self._exchange(target)) from None

    async def _open(self) -> None:
        self.close()
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def _exchange(self, target: str) -> tuple[int, bytes]:
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = dict(line.split(": ", 1) for line in head[1:] if line)
        headers = {k.lower(): v for k, v in headers.items()}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await self.reader.readuntil(b"\r\n"))[:-2], 16):
                body += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            body = await self.reader.read()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Retried(Exception):
    """The answer of a GET asked again on a new connection."""

    def __init__(self, answer: tuple[int, bytes]):
        self.answer = answer


def target(path: str, params: dict) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


async def run_load(base: str, work: list[tuple[str, str, dict]], concurrency: int) -> dict[str, tuple[list[float], int, int]]:
    queue: asyncio.Queue = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    times: dict[str, list[float]] = {"search": [], "entity": []}
    errors, retried = dict.fromkeys(times, 0), dict.fromkeys(times, 0)
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port

    async def client_loop(connection: Connection) -> None:
        while not queue.empty():
            kind, path, params = queue.get_nowait()
            start = time.perf_counter()
            try:
                try:
                    status, body = await asyncio.wait_for(connection.get(target(path, params)), 60)
                except Retried as again:
                    retried[kind] += 1
                    status, body = again.answer
                error = None if status == 200 else f"{status} {body[:200].decode(errors='replace')}"
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
                error = repr(exc)
                connection.close()
            times[kind].append((time.perf_counter() - start) * 1000)
            if error:
                errors[kind] += 1
                print(f"error: {path} {params}: {error}", file=sys.stderr)
        connection.close()

    await asyncio.gather(*(client_loop(Connection(host, port)) for _ in range(concurrency)))
    return {kind: (times[kind], errors[kind], retried[kind]) for kind in times}


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process and its live descendants (a server's worker
    processes) have used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") + sum(cpu_seconds(int(c)) for c in children)


def warm_up(server: subprocess.Popen, base: str, db: Path, entity_ids: list[int], concurrency: int) -> None:
    """200 requests before the clock runs, so that every server process builds its search
    tables and word index; again (up to 4 times) while a process worked less than half as
    much as the busiest: the kernel hands connections to whichever process accepts first,
    and a process left out built its tables in the measured run (seconds on a busy machine)."""
    children = [int(c) for c in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
    # the worker processes (each has imported the app: over a second), not a resource tracker
    workers = [c for c in children if cpu_seconds(c) > 0.5] or [server.pid]
    for seed in range(4):
        before = {w: cpu_seconds(w) for w in workers}
        asyncio.run(run_load(base, plan(random.Random(seed), db, entity_ids, 200), concurrency))
        worked = [cpu_seconds(w) - before[w] for w in workers]
        if min(worked) >= max(worked) / 2:
            return
        print(f"warm-up again: the server processes worked {', '.join(f'{w:.1f}' for w in worked)} s")


def measured(server: subprocess.Popen, base: str, work: list, concurrency: int) -> tuple[dict, float, float]:
    """The run's latencies and errors, and the server's and this client's CPU milliseconds per
    request: figures that other programs on a busy machine disturb far less than the
    latencies (the client's, since it shares the machine's cores with the server)."""
    before, client_before = cpu_seconds(server.pid), time.process_time()
    results = asyncio.run(run_load(base, work, concurrency))
    client_ms = (time.process_time() - client_before) * 1000 / len(work)
    return results, (cpu_seconds(server.pid) - before) * 1000 / len(work), client_ms


def report(title: str, results: dict[str, tuple[list[float], int, int]], cpu_ms: float, client_ms: float) -> None:
    print(f"{title} (CPU per request: server {cpu_ms:.1f} ms, benchmark client {client_ms:.1f} ms)")
    print(f"  {'request':<10}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'retried':>9}")
    for kind, (times, errors, retried) in results.items():
        print(f"  {kind:<10}{len(times):>6}{statistics.median(times):>9.0f}{pct(times, 95):>9.0f}{pct(times, 99):>9.0f}"
              f"{errors:>8}{retried:>9}")


def in_process(db: Path, entity_ids: list[int], requests: int, answer_cache: bool) -> None:
    """The same warm-up and requests sent one at a time to the app in this process, twice:
    the CPU each takes (this process's, all threads) without a network, an HTTP client or
    other clients in the way (the app is called as uvicorn calls it), a figure that a busy machine disturbs less than latencies. The second pass
    asks again what the first asked (a search paged back, a profile opened again)."""
    from coopgraph.api.app import create_app

    app = create_app(db, **({} if answer_cache else {"answer_cache": False}))

    async def get(path: str, params: dict) -> tuple[int, bytes]:
        """The app's answer to a GET, called as uvicorn calls it (no HTTP client in the way)."""
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
                 "path": path, "raw_path": path.encode(), "query_string": urllib.parse.urlencode(params).encode(),
                 "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1),
                 "server": ("127.0.0.1", 80)}
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await app(scope, receive, send)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    async def cpu_ms(work: list) -> dict[str, float]:
        spent: dict[str, list[float]] = {}
        for kind, path, params in work:
            start = time.process_time()
            status, body = await get(path, params)
            spent.setdefault(kind, []).append((time.process_time() - start) * 1000)
            if status != 200:
                print(f"error: {path} {params}: {status} {body[:200]}", file=sys.stderr)
        spent["all"] = [t for times in spent.values() for t in times]
        return {kind: statistics.mean(times) for kind, times in spent.items()}

    async def run() -> None:
        async with app.router.lifespan_context(app):
            await cpu_ms(plan(random.Random(0), db, entity_ids, 200))
            work = plan(random.Random(3), db, entity_ids, requests)
            for label in ("first", "again"):
                print(f"in-process CPU ms per request, {label}: "
                      + ", ".join(f"{kind} {ms:.1f}" for kind, ms in (await cpu_ms(work)).items()))

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=600, help="Requests per run (half searches, half entity pages).")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, help="Server processes (default: serve's, one per core).")
    parser.add_argument("--db", type=Path, help="Keep the store here: built when missing, else copied for the run.")
    parser.add_argument("--no-answer-cache", action="store_true",
                        help="Serve with `serve --no-answer-cache`: every answer computed afresh.")
    parser.add_argument("--in-process", action="store_true",
                        help="No server: the requests one at a time to the app in this process, CPU per request.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        if args.db and args.db.exists():
            shutil.copy(args.db, db)
        else:
            start = time.perf_counter()
            build_store(db, args.articles)
            print(f"built {args.articles} articles in {time.perf_counter() - start:.0f} s")
            if args.db:
                shutil.copy(db, args.db)
        conn = connect(db)
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "entities", "events")}  # noqa: S608
        entity_ids = [r[0] for r in conn.execute("SELECT id FROM entities")]
        conn.close()
        print(f"store: {counts['articles']} articles, {counts['entities']} entities, {counts['events']} events; "
              f"concurrency {args.concurrency}, {args.requests} requests per run, "
              f"server processes: {args.workers or 'serve default'}, answer cache {'off' if args.no_answer_cache else 'on'}, "
              f"load average {os.getloadavg()[0]:.1f}")
        if args.in_process:
            in_process(db, entity_ids, args.requests, not args.no_answer_cache)
            return
        port = free_port()
        server = start_server(db, port, args.workers, not args.no_answer_cache)
        base = f"http://127.0.0.1:{port}"
        try:
            warm_up(server, base, db, entity_ids, args.concurrency)
            report("quiet store:", *measured(server, base, plan(random.Random(3), db, entity_ids, args.requests), args.concurrency))
            spawn = multiprocessing.get_context("spawn")
            stop, written = spawn.Event(), spawn.Value("i", 0)
            writer = spawn.Process(target=write_while_serving, args=(str(db), stop, written))
            writer.start()
            time.sleep(2)
            results = measured(server, base, plan(random.Random(4), db, entity_ids, args.requests), args.concurrency)
            stop.set()
            writer.join()
            report(f"while an ingest runs ({written.value} documents staged during the run, switched in every 250):", *results)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
