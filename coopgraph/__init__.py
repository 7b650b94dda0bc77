"""coopgraph: news pages about international S&T cooperation in, knowledge-graph records out."""

__version__ = "0.1.0"
