"""The extraction pipeline: small components run in order over one `Article`.

As in spaCy, each component is a callable that reads and enriches the article and
can be tested alone; which ones run is configuration (`PipelineConfig`), not code.
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

DEFAULT_COMPONENTS = ("mentions", "entities", "dates", "relevance", "roles", "events")


@dataclass
class PipelineConfig:
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    languages: tuple[str, ...] = tuple(sorted(SUPPORTED))
    options: dict[str, dict] = field(default_factory=dict)


def _factories() -> dict[str, Callable[..., Component]]:
    from coopgraph.extract.dates import DateFinder
    from coopgraph.extract.entities import EntityBuilder
    from coopgraph.extract.events import EventExtractor
    from coopgraph.extract.relevance import RelevanceScorer
    from coopgraph.extract.roles import RoleExtractor

    return {
        "entities": EntityBuilder,
        "dates": DateFinder,
        "relevance": RelevanceScorer,
        "roles": RoleExtractor,
        "events": EventExtractor,
    }


def _mention_finder(language: str) -> Component:
    if language == "zh":
        from coopgraph.extract.mentions_zh import ChineseMentions

        return ChineseMentions()
    from coopgraph.extract.mentions_en import EnglishMentions

    return EnglishMentions()


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
        self._components: dict[str, Component] = {}
        self._finders: dict[str, Component] = {}

    def _component(self, name: str) -> Component:
        if name not in self._components:
            factory = _factories()[name]
            self._components[name] = factory(**self.config.options.get(name, {}))
        return self._components[name]

    def _finder(self, language: str) -> Component:
        if language not in self._finders:
            self._finders[language] = _mention_finder(language)
        return self._finders[language]

    def __call__(self, article: Article) -> Article:
        article.language = detect_language(article.text)
        if article.language not in self.config.languages:
            article.relevance_reasons.append(f"language '{article.language}' is not extracted")
            return article
        for name in self.config.components:
            if name == "mentions":
                self._finder(article.language)(article)
            else:
                self._component(name)(article)
        return article

    def process_source(self, source: Source) -> list[Article]:
        return [self(article_from_segment(source.path, i, seg)) for i, seg in enumerate(source.segments)]
