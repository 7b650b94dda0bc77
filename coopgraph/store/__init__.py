"""Store: the knowledge graph in an embedded SQLite file, with every fact's provenance."""
