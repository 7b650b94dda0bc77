"""PDF briefs: the same HTML as the printable page, laid out by WeasyPrint.

WeasyPrint is given the stylesheet itself and a fetcher that refuses every URL, so a
brief never reaches outside the machine, whatever an article's text contains."""
from __future__ import annotations

from pathlib import Path

STYLESHEET = Path(__file__).parent / "static" / "report.css"


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"briefs load nothing from outside ({url[:80]})")


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF and its number of pages (a brief says how long it is when it is more than one)."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise RuntimeError(f"PDF needs WeasyPrint and the Pango library ({exc}); the HTML brief works without them") from None
    document = HTML(string=html, url_fetcher=_refuse).render(stylesheets=[CSS(filename=str(STYLESHEET))])
    return document.write_pdf(), len(document.pages)
