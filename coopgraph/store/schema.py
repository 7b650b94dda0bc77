"""Versioned schema migrations. A store records its version; opening applies what is missing.

Never edit a released migration: add a new one. Each runs in one transaction.
"""
from __future__ import annotations


def _generation_triggers(*tables: str) -> str:
    """Triggers that bump the store's generation (migration 9) on every row written to these tables."""
    return "".join(f"CREATE TRIGGER {table}_{op.lower()}_generation AFTER {op} ON {table} "
                   "BEGIN UPDATE generation SET n = n + 1; END;\n"
                   for table in tables for op in ("INSERT", "UPDATE", "DELETE"))


MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,         -- as given (folders expanded), the document's identity
    sha256      TEXT,                         -- of the bytes: unchanged bytes are not re-extracted
    size        INTEGER,
    encoding    TEXT,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error       TEXT,
    extractor   TEXT NOT NULL                 -- coopgraph version that wrote the facts
);
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    segment     INTEGER NOT NULL,
    doc_id      TEXT NOT NULL,
    title       TEXT,
    language    TEXT NOT NULL,
    published   TEXT,
    relevant    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reasons     TEXT NOT NULL DEFAULT '[]',
    UNIQUE (document_id, segment)
);
-- one row per entity of one article (an entity of the record contract)
CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    aliases     TEXT NOT NULL DEFAULT '[]',
    country     TEXT,
    spans       TEXT NOT NULL DEFAULT '[]',  -- [[start, end], ...] into articles.text
    UNIQUE (article_id, local_id)
);
CREATE INDEX mentions_type ON mentions(type);
CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    person      INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    org         INTEGER REFERENCES mentions(id) ON DELETE CASCADE,
    ev_start    INTEGER NOT NULL,
    ev_end      INTEGER NOT NULL
);
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id    TEXT NOT NULL,
    type        TEXT NOT NULL,
    name        TEXT,
    date        TEXT,
    date_end    TEXT,
    place       INTEGER REFERENCES mentions(id) ON DELETE CASCADE,
    creates     INTEGER REFERENCES mentions(id) ON DELETE CASCADE,
    ev_start    INTEGER NOT NULL,
    ev_end      INTEGER NOT NULL
);
CREATE INDEX events_date ON events(date);
CREATE TABLE participants (
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    mention_id  INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    role        TEXT NOT NULL
);
-- resolution: which graph node each mention belongs to, and why
CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    type        TEXT NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT
);
CREATE TABLE entity_names (
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    UNIQUE (entity_id, name)
);
CREATE INDEX entity_names_name ON entity_names(name);
CREATE TABLE resolution (
    mention_id  INTEGER PRIMARY KEY REFERENCES mentions(id) ON DELETE CASCADE,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    rule        TEXT NOT NULL,                -- why this mention joined this entity
    score       REAL NOT NULL
);
-- analyst judgements, replayed after every resolution
CREATE TABLE judgements (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    undone      INTEGER NOT NULL DEFAULT 0
);
"""),
    (2, """
-- facts an analyst marked wrong: recomputed from the judgements after every resolution,
-- so that re-extraction (new row ids) keeps them hidden
CREATE TABLE hidden_facts (
    kind        TEXT NOT NULL CHECK (kind IN ('mention', 'role', 'event')),
    row_id      INTEGER NOT NULL,
    judgement   INTEGER NOT NULL REFERENCES judgements(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, row_id)
);
"""),
    (3, """
-- what search looks names up by (name_key: case, width, script-variant blind), and how
-- many mentions each entity has (search ranks by it); both written by the resolver
ALTER TABLE entity_names ADD COLUMN key TEXT;
UPDATE entity_names SET key = name_key(name);
CREATE INDEX entity_names_key ON entity_names(key);
ALTER TABLE entities ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
UPDATE entities SET mentions = (SELECT COUNT(*) FROM resolution r WHERE r.entity_id = entities.id);
"""),
    (4, """
-- choices that belong to the store, not to one command: which resolution engine it uses,
-- so a correction made later re-resolves it the same way
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
"""),
    (5, """
-- an ingest's extractions wait here, beside the stored facts, until the run switches them
-- in together with the new graph, in one transaction: readers never see half of a run
CREATE TABLE staged (
    seq         INTEGER PRIMARY KEY,          -- files are switched in in this order
    path        TEXT NOT NULL UNIQUE,
    sha256      TEXT,
    size        INTEGER,
    encoding    TEXT,
    records     TEXT,                         -- JSON list of records; NULL when the file failed
    error       TEXT,
    extractor   TEXT NOT NULL
);
-- one row while an ingest runs: found when no ingest holds the lock, it says the last one
-- was cut short (killed, power lost) before it switched its work in
CREATE TABLE ingest_runs (
    started     TEXT NOT NULL                 -- UTC, ISO 8601
);
"""),
    (6, """
-- the explorer's lookups by graph entity, event and article (without them a profile or a
-- faceted search scanned whole tables: 0.5 s to 10 s under load on 5,000 articles)
CREATE INDEX resolution_entity ON resolution(entity_id);
CREATE INDEX participants_event ON participants(event_id);
CREATE INDEX participants_mention ON participants(mention_id);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_creates ON events(creates);
CREATE INDEX events_type ON events(type, date);
CREATE INDEX roles_person ON roles(person);
CREATE INDEX roles_article ON roles(article_id);
"""),
    (8, """
-- a document is its content: documents.sha256 identifies it, documents.path is the first
-- path it was seen at, and every path it was seen at maps to it here. The same bytes under
-- two paths are one document; documents.extractor is the fingerprint of the extractor
-- (coopgraph/extract/fingerprint.py) that wrote its facts
CREATE TABLE document_paths (
    path        TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
INSERT INTO document_paths (path, document_id) SELECT path, id FROM documents;
CREATE INDEX document_paths_document ON document_paths(document_id);
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE INDEX staged_sha256 ON staged(sha256);
-- stable entity ids (coopgraph/resolve/ids.py): every id ever given, anchored to the mention
-- it was first given to, by a key that survives re-extraction (mention_key: content hash,
-- segment, type, name); the id each key's entity had at the last resolution; and where the
-- ids no entity has now (merged away) lead
CREATE TABLE entity_anchors (
    entity_id   INTEGER PRIMARY KEY,
    key         TEXT NOT NULL
);
CREATE INDEX entity_anchors_key ON entity_anchors(key);
CREATE TABLE entity_keys (
    key         TEXT PRIMARY KEY,
    entity_id   INTEGER NOT NULL
);
CREATE TABLE entity_redirects (
    old_id      INTEGER PRIMARY KEY,
    new_id      INTEGER NOT NULL
);
-- today's ids are kept: the next resolution anchors each to the mentions that have it
INSERT OR IGNORE INTO entity_keys (key, entity_id)
    SELECT mention_key(d.sha256, a.segment, m.type, m.name), r.entity_id FROM resolution r
    JOIN mentions m ON m.id = r.mention_id JOIN articles a ON a.id = m.article_id
    JOIN documents d ON d.id = a.document_id ORDER BY r.entity_id;
-- judgements say who made them and why, and belong to a correction, which undo takes back
-- whole (a judgement without one, made before, is a correction of its own); 'same',
-- 'different' and 'unsure' are edges between two entity ids
ALTER TABLE judgements ADD COLUMN author TEXT;
ALTER TABLE judgements ADD COLUMN reason TEXT;
ALTER TABLE judgements ADD COLUMN correction INTEGER;
CREATE INDEX judgements_correction ON judgements(correction);
"""),
    (9, """
-- the store's generation: bumped by every row written to a table that answers a question,
-- so a server's caches (search facets) know they are stale at the reader's next request;
-- staged and ingest_runs are an ingest's scratch, invisible until switch_in writes the rest
CREATE TABLE generation (
    store       TEXT NOT NULL,                -- random, so two stores at one path are told apart
    n           INTEGER NOT NULL
);
INSERT INTO generation (store, n) VALUES (lower(hex(randomblob(8))), 0);
""" + _generation_triggers("documents", "articles", "mentions", "roles", "events", "participants", "entities",
                              "entity_names", "resolution", "judgements", "hidden_facts", "settings", "document_paths",
                              "entity_anchors", "entity_keys", "entity_redirects")),
    (10, """
-- where a document came from: its page's own metadata (canonical link, site, title, date),
-- and for a fetched page its URL and fetch time; keyed by the document's path, so that it
-- outlives re-extraction (written by store/web.py)
CREATE TABLE document_meta (
    path        TEXT PRIMARY KEY,             -- documents.path
    url         TEXT,                         -- the URL fetched (after redirects)
    fetched_at  TEXT,                         -- UTC, ISO 8601
    canonical   TEXT,                         -- the page's <link rel=canonical> or og:url
    site        TEXT,
    title       TEXT,
    published   TEXT,
    warc        TEXT,                         -- the WARC file that holds the reply read, and where in it
    warc_offset INTEGER
);
-- every URL coopgraph fetched (pages, feeds, sitemaps): what a conditional request sends,
-- and what a watch round compares, so that it fetches and ingests only new or changed items
CREATE TABLE web_pages (
    url           TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,              -- article | feed | sitemap | home | section
    source        TEXT,                       -- the feed, sitemap or section that listed it
    path          TEXT,                       -- an article's working copy (documents.path)
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT,                       -- of the body last read
    fetched_at    TEXT,                       -- last 200
    checked_at    TEXT                        -- last request
);
CREATE INDEX web_pages_source ON web_pages(source);
-- the sources `coopgraph watch` follows, with the counts of their last round
CREATE TABLE web_sources (
    url          TEXT PRIMARY KEY,
    kind         TEXT,
    language     TEXT,
    tags         TEXT NOT NULL DEFAULT '[]',
    rounds       INTEGER NOT NULL DEFAULT 0,
    items        INTEGER NOT NULL DEFAULT 0,  -- articles it listed last round
    new          INTEGER NOT NULL DEFAULT 0,
    changed      INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    last_round   TEXT,
    last_success TEXT,
    last_error   TEXT
);
""" + _generation_triggers("document_meta", "web_pages", "web_sources")),
    (11, """
-- real-world events (coopgraph/resolve/events.py): the reports of one meeting, agreement,
-- establishment or membership, read in several articles and languages, are one event.
-- events.status keeps what the record says (a planned act is never joined to one that
-- happened); documents stored before it are marked for re-extraction, so the next ingest
-- reads their statuses (until then every event counts as happened)
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'happened';
UPDATE documents SET extractor = extractor || '+before-schema-11';
-- one row per real-world event: the values most of its reports give, its counts of
-- reports and of independent ones (copies, reposts and translations of one text count
-- once), and every value on which the reports disagree, with the reports giving each
CREATE TABLE real_events (
    id                  INTEGER PRIMARY KEY,
    type                TEXT NOT NULL,
    status              TEXT NOT NULL,
    name                TEXT,
    date                TEXT,
    date_end            TEXT,
    place               INTEGER,              -- entities.id
    creates             INTEGER,              -- entities.id
    sources             INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,
    disagreements       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX real_events_type ON real_events(type, date);
-- each report (an article's event) in its real-world event, with why it joined it and the
-- report whose text it copies (itself when it is an independent source)
CREATE TABLE event_coref (
    event_id      INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    real_event_id INTEGER NOT NULL,
    rule          TEXT NOT NULL,
    score         REAL NOT NULL,
    copy_of       INTEGER NOT NULL,
    copy_reason   TEXT
);
CREATE INDEX event_coref_real ON event_coref(real_event_id);
-- stable ids: the real-world event each report (by its hashed id) was in at the last
-- coreference; a cluster keeps the id most of its reports had
CREATE TABLE event_ids (
    event_id      INTEGER PRIMARY KEY,
    real_event_id INTEGER NOT NULL
);
-- until the next resolution, each report is an event of its own (ids: the report's own)
INSERT INTO real_events (id, type, status, name, date, date_end, sources, independent_sources)
    SELECT id, type, status, name, date, date_end, 1, 1 FROM events;
INSERT INTO event_coref (event_id, real_event_id, rule, score, copy_of)
    SELECT id, id, 'first report of this event', 1.0, id FROM events;
INSERT INTO event_ids (event_id, real_event_id) SELECT id, id FROM events;
-- the e5 vectors of an article's first sentences (float16), computed once, when the article
-- reports an event that another language reports too (resolve/sources.py: translations)
CREATE TABLE article_vectors (
    article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    vectors       BLOB NOT NULL
);
""" + _generation_triggers("real_events", "event_coref", "event_ids", "article_vectors")),
    (13, """
-- each fact's calibrated confidence from the record (NULL: extracted by the rules only)
ALTER TABLE mentions ADD COLUMN confidence REAL;
ALTER TABLE roles ADD COLUMN confidence REAL;
ALTER TABLE events ADD COLUMN confidence REAL;
-- an analyst's verdict on one extracted fact (store/fact_review.py). A fact is named by its
-- article (whose id is hashed from the bytes, so it survives re-ingest) and its key in it:
-- a mention's name, a role's person and title, an event's local id. `sampled` says the fact
-- was drawn by the seeded random sample, so only those rows estimate precision; a rejection
-- is also a 'wrong' judgement (hidden_facts), taken back with the review
CREATE TABLE fact_reviews (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('mention', 'role', 'event')),
    row_id      INTEGER NOT NULL,             -- the fact's row when it was reviewed
    article_id  INTEGER NOT NULL,
    fact_key    TEXT NOT NULL,
    fact        TEXT NOT NULL,                -- JSON: the fact as gold names it, for export
    confidence  REAL,                         -- as extracted, when reviewed
    verdict     TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
    sampled     INTEGER NOT NULL DEFAULT 0,
    seed        INTEGER,                      -- the random sample's seed
    author      TEXT,
    reason      TEXT,
    created_at  TEXT NOT NULL,                -- UTC, ISO 8601
    judgement   INTEGER,                      -- a rejection's 'wrong' judgement
    undone      INTEGER NOT NULL DEFAULT 0    -- taken back, or replaced by a later verdict
);
CREATE INDEX fact_reviews_fact ON fact_reviews(kind, article_id, fact_key);
""" + _generation_triggers("fact_reviews")),
    (14, """
-- event ids that no real-world event has now (coreference regrouped their reports: a report
-- added or judged wrong, entities merged): each leads to the event holding most of the
-- reports it had (resolve/events.py), or nowhere when none of them is left (new_id NULL);
-- the reports are kept so that the target follows them, and an undo gives the id back
CREATE TABLE event_redirects (
    old_id   INTEGER PRIMARY KEY,
    new_id   INTEGER,
    reports  TEXT NOT NULL DEFAULT '[]'           -- JSON: the report ids it had when it went
);
""" + _generation_triggers("event_redirects")),
]

LATEST = MIGRATIONS[-1][0]
