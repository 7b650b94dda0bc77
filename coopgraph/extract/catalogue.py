"""Every named rule, by id: the modules that define rules register them in `rules.RULES` when
imported, and this one imports them all (the rule tests and a full listing need every one)."""
from __future__ import annotations

from coopgraph.extract.entities import en as _entities_en  # noqa: F401
from coopgraph.extract.entities import possessive as _entities_possessive  # noqa: F401
from coopgraph.extract.entities import same_body as _entities_same_body  # noqa: F401
from coopgraph.extract.entities import zh as _entities_zh  # noqa: F401
from coopgraph.extract.events import en as _events_en  # noqa: F401
from coopgraph.extract.events import zh as _events_zh  # noqa: F401
from coopgraph.extract.roles import en as _roles_en  # noqa: F401
from coopgraph.extract.roles import parse_en as _roles_parse_en  # noqa: F401
from coopgraph.extract.roles import zh as _roles_zh  # noqa: F401
from coopgraph.extract.rules import RULES, Rule


def load_all() -> dict[str, Rule]:
    """The registry, with every module that defines rules imported."""
    return RULES
