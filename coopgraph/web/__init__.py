"""The explorer's pages, templates, styles and scripts."""
