"""The WARC archive of everything fetched (warcio): each response with its status line and
headers, its fetch time (WARC-Date) and the use coopgraph made of it (WARC-Coopgraph-Role:
article, feed, sitemap, home, section, robots, redirect, not-modified, other). Bodies are stored as read,
content-decoded, so the Content-Encoding header is left out of the stored headers.

Records are appended, one gzip member each, to one file beside the store; `articles()`
reads the latest article reply of each URL back, for re-extraction without the network.
"""
from __future__ import annotations

import io
import os
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from coopgraph.errors import InputError
from coopgraph.follow.http import Reply

ROLE_HEADER = "WARC-Coopgraph-Role"


class Archive:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    def write(self, reply: Reply, role: str) -> None:
        status = f"{reply.status} {reply.reason or _phrase(reply.status)}"
        http_headers = StatusAndHeaders(status, reply.headers, protocol="HTTP/1.1")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "ab") as fh:
            reply.archived = (str(self.path), fh.tell())
            writer = WARCWriter(fh, gzip=True)
            record = writer.create_warc_record(
                reply.url, "response", payload=io.BytesIO(reply.body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": reply.fetched_at, ROLE_HEADER: role},
            )
            writer.write_record(record)


def articles(path: str | Path) -> Iterator[Reply]:
    """The last 200 article reply of each URL in a WARC file, in the order first fetched.
    Raises InputError for a file that is missing or not a WARC archive."""
    latest: dict[str, Reply] = {}
    try:
        with open(path, "rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                if record.rec_type != "response" or record.rec_headers.get_header(ROLE_HEADER) != "article":
                    continue
                if int(record.http_headers.get_statuscode()) != 200:
                    continue
                reply = _reply(record)
                reply.archived = (os.path.abspath(path), records.get_record_offset())
                latest[reply.url] = reply
    except FileNotFoundError:
        raise InputError(str(path), "no such archive") from None
    except (ArchiveLoadFailed, ValueError, OSError) as exc:
        raise InputError(str(path), f"not a readable WARC archive ({exc})") from None
    yield from latest.values()


def read_at(path: str | Path, offset: int) -> Reply:
    """The reply archived at `offset` of a WARC file (an archived copy shown in the explorer)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return _reply(record)


def _reply(record) -> Reply:
    status = int(record.http_headers.get_statuscode())
    return Reply(record.rec_headers.get_header("WARC-Target-URI"), status, _phrase(status), list(record.http_headers.headers),
                 record.content_stream().read(), record.rec_headers.get_header("WARC-Date"))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
