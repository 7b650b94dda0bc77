"""Date expressions of the article, resolved against its publication date."""
from __future__ import annotations


from coopgraph.dates import DateMention, dateline_date, find_dates, parse_iso
from coopgraph.model import Article, Span


# A dateline this many days away from the page's date is not the filing of this page's article.
DATELINE_DAYS = 31


def own_date(article: Article) -> str | None:
    """The article's own date: the dateline opening one of its first paragraphs ("新华社广州6月28日电",
    "NAIROBI, March 4 (Xinhua) --") when it states one near the page's date, for a site that posts
    or reposts an agency's story a day or more later dates the page, not the story; else the page's date."""
    for para in article.paragraphs[:3]:
        filed = dateline_date(article.text[para.start:para.end], article.language, article.published)
        if filed is None:
            continue
        page = parse_iso(article.published)
        if page is None or abs((parse_iso(filed) - page).days) <= DATELINE_DAYS:
            return filed
    return article.published


class DateFinder:
    name = "dates"
    needs = ("sentences",)
    assigns = ("dates", "published")

    def __call__(self, article: Article) -> None:
        article.published = own_date(article)
        found = find_dates(article.text, article.language, article.published)
        if article.published is None:
            found = self._anchor_in_sentence(article, found)
        article.dates = [
            (Span(d.start, d.end), d.value if d.end_value is None else f"{d.value}/{d.end_value}")
            for d in found
        ]

    @staticmethod
    def _anchor_in_sentence(article: Article, found: list[DateMention]) -> list[DateMention]:
        """With no publication date, a full date stated in the same sentence ("2025年6月3日…即将于
        6月10日至12日…") is the reference for that sentence's dates without a year."""
        out = list(found)
        taken = {(d.start, d.end) for d in found}
        for sent in article.sentences:
            s, e = sent.span.start, sent.span.end
            full = [d for d in found if s <= d.start < e and len(d.value) == 10]
            if not full:
                continue
            for d in find_dates(article.text[s:e], article.language, full[0].value):
                if (s + d.start, s + d.end) not in taken and not any(
                    s + d.start < t_end and t_start < s + d.end for t_start, t_end in taken
                ):
                    out.append(DateMention(s + d.start, s + d.end, d.value, d.end_value))
        return sorted(out, key=lambda d: d.start)
