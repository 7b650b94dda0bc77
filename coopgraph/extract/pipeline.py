"""The extraction pipeline: small components run in order over one `Article`.

As in spaCy, each component is a callable that reads and enriches the article, declares
what it `needs` and what it `assigns`, and can be tested alone. Which components run is
configuration (`PipelineConfig`); a configuration in which a component would run before
what it needs is refused when the pipeline is built, never discovered as empty output.
Models load lazily, once per process, on the first article that needs them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from coopgraph.ingest.reader import Source
from coopgraph.ingest.segment import Segment
from coopgraph.model import Article, Span
from coopgraph.nlp.language import SUPPORTED, detect_language

Component = Callable[[Article], None]

DEFAULT_COMPONENTS = ("mentions", "entities", "tokens", "dates", "roles", "events", "relevance", "decisions")
RULES_ONLY = tuple(c for c in DEFAULT_COMPONENTS if c != "decisions")
# What an article has before any component runs, and what a record needs at the end.
GIVEN = ("paragraphs", "language")
RECORD_NEEDS = ("entities", "roles", "events", "relevance")


class PipelineError(ValueError):
    """A configuration that cannot work: a component before what it needs, an unknown name."""


@dataclass
class PipelineConfig:
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    languages: tuple[str, ...] = tuple(sorted(SUPPORTED))
    options: dict[str, dict] = field(default_factory=dict)


def _factories() -> dict[str, Callable[..., Component]]:
    from coopgraph.extract.dates import DateFinder
    from coopgraph.extract.decisions import Decisions
    from coopgraph.extract.entities import EntityBuilder
    from coopgraph.extract.events import EventExtractor
    from coopgraph.extract.relevance import AllRelevant, RelevanceScorer
    from coopgraph.extract.roles import RoleExtractor
    from coopgraph.extract.tokens import TokenView

    return {
        "mentions": MentionFinder,
        "entities": EntityBuilder,
        "tokens": TokenView,
        "dates": DateFinder,
        "relevance": RelevanceScorer,
        "all-relevant": AllRelevant,
        "roles": RoleExtractor,
        "events": EventExtractor,
        "decisions": Decisions,
    }


class MentionFinder:
    """spaCy and English rules, or LAC and Chinese rules, by the article's language."""

    name = "mentions"
    needs = ("paragraphs", "language")
    assigns = ("sentences", "mentions", "docs")

    def __init__(self) -> None:
        self._by_language: dict[str, Component] = {}

    def __call__(self, article: Article) -> None:
        language = "zh" if article.language == "zh" else "en"
        if language not in self._by_language:
            if language == "zh":
                from coopgraph.extract.entities.zh import ChineseMentions

                self._by_language[language] = ChineseMentions()
            else:
                from coopgraph.extract.entities.en import EnglishMentions

                self._by_language[language] = EnglishMentions()
        self._by_language[language](article)


def article_from_segment(source: str, index: int, segment: Segment) -> Article:
    """An Article whose text is the segment's paragraphs joined by blank lines."""
    text = segment.text
    paragraphs: list[Span] = []
    pos = 0
    for para in segment.paragraphs:
        paragraphs.append(Span(pos, pos + len(para)))
        pos += len(para) + 2
    return Article(
        source=source, segment=index, text=text, title=segment.title,
        published=segment.published, paragraphs=paragraphs, is_teaser=segment.is_teaser,
    )


class Pipeline:
    def __init__(self, config: PipelineConfig | None = None):
        self.config = config or PipelineConfig()
        factories = _factories()
        unknown = [n for n in self.config.components if n not in factories]
        if unknown:
            raise PipelineError(f"unknown component {', '.join(unknown)}; known: {', '.join(factories)}")
        self._factories = factories
        self._components: dict[str, Component] = {}
        self.check()
        names = self.config.components
        # where the components that read the whole page (`reads_page`: relevance) begin
        split = next((i for i, n in enumerate(names) if getattr(factories[n], "reads_page", False)), len(names))
        self._per_article, self._per_page = names[:split], names[split:]

    def check(self) -> None:
        """Every component's needs are assigned by a component before it, and a record's
        needs by the whole pipeline; otherwise PipelineError names what is missing."""
        have = set(GIVEN)
        for name in self.config.components:
            factory = self._factories[name]
            missing = [n for n in getattr(factory, "needs", ()) if n not in have]
            if missing:
                raise PipelineError(f"component '{name}' needs {', '.join(missing)}, which no component before it assigns")
            have.update(getattr(factory, "assigns", ()))
        missing = [n for n in RECORD_NEEDS if n not in have]
        if missing:
            raise PipelineError(f"a record needs {', '.join(missing)}: add a component that assigns it "
                                f"({'relevance or all-relevant' if 'relevance' in missing else 'see DEFAULT_COMPONENTS'})")

    def _component(self, name: str) -> Component:
        if name not in self._components:
            self._components[name] = self._factories[name](**self.config.options.get(name, {}))
        return self._components[name]

    def __call__(self, article: Article) -> Article:
        return self._finish(self._start(article))

    def _start(self, article: Article) -> Article:
        article.language = detect_language(article.text)
        if article.language not in self.config.languages:
            article.relevant = False
            article.relevance_reasons.append(f"language '{article.language}' is not extracted")
            return article
        for name in self._per_article:
            self._component(name)(article)
        return article

    def _finish(self, article: Article) -> Article:
        if article.language in self.config.languages:
            for name in self._per_page:
                self._component(name)(article)
        return article

    def process_source(self, source: Source, keep_token_views: bool = False) -> list[Article]:
        """The articles of a file, extracted. The components of one article run on each segment
        first; those that read the whole page (a segment's relevance weighs the countries its
        neighbours name) then see all of them. Token views (spaCy docs, LAC words) are let go as
        soon as each segment is through the first part, unless `keep_token_views` (training rows
        read them): no record needs them, and a long file has many articles."""
        articles = []
        for i, seg in enumerate(source.segments):
            article = self._start(article_from_segment(source.path, i, seg))
            if not keep_token_views:
                article.docs, article.lac = [], []
            articles.append(article)
        page = [a for a in articles if a.language in self.config.languages]
        for name in self._per_page:
            reader = getattr(self._component(name), "read_page", None)
            if reader is not None:
                reader(page)
        return [self._finish(a) for a in articles]
