"""Entity resolution: one graph node per real-world entity, across articles and languages."""
