"""``serve``: the preview session, file watcher and live-reload server."""
