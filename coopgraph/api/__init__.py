"""The explorer's JSON API and its guard on writes."""
