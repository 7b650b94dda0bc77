"""Date expressions of the article, resolved against its publication date."""
from __future__ import annotations

from coopgraph.dates import find_dates
from coopgraph.model import Article, Span


class DateFinder:
    name = "dates"

    def __call__(self, article: Article) -> None:
        article.dates = [
            (Span(d.start, d.end), d.value if d.end_value is None else f"{d.value}/{d.end_value}")
            for d in find_dates(article.text, article.language, article.published)
        ]
