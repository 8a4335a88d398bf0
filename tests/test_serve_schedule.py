"""Without --now, the preview rebuilds by itself when a scheduled article falls due."""

import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import article
from sitegen.preview.session import PreviewSession
from sitegen.preview.watcher import Debouncer


def test_debouncer_runs_when_the_next_article_falls_due_without_any_event():
    ran = threading.Event()
    due_at = time.monotonic() + 0.3
    debouncer = Debouncer(ran.set, due=lambda: None if ran.is_set() else due_at - time.monotonic())
    debouncer.start()
    try:
        assert not ran.wait(0.15)
        assert ran.wait(2.0)
    finally:
        debouncer.stop()


def test_session_reports_seconds_until_the_next_scheduled_article(make_site):
    soon = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(minutes=10)
    site = make_site({"content/news/a.md": article("Heute", date="01.04.2024"),
                      "content/news/b.md": article("Bald", date=f"{soon:%d.%m.%Y}", time=f"{soon:%H:%M}")})
    session = PreviewSession(site / "config.yaml", site / ".cache" / "preview")
    outcome = session.rebuild()
    assert outcome.ok
    assert not (site / ".cache/preview/news/bald").exists()
    wait = session.seconds_until_due()
    assert 540 < wait < 601
    frozen = PreviewSession(site / "config.yaml", site / ".cache" / "frozen", now=datetime(2024, 5, 1, 12, 0))
    frozen.rebuild()
    assert frozen.seconds_until_due() is None  # a frozen clock never moves past the article
