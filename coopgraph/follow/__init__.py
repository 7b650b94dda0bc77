"""Following sources on the web: polite fetching (`http`), the WARC archive (`archive`),
what a reply lists (`links`), fetching into the store (`follower`), watched sources (`watch`)."""
