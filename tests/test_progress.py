"""The progress bar: shown on a terminal after the delay, erased at the end,
never written into pipes or logs."""

import io

from conftest import article, run_build

from sitegen.cli.progress import Progress, for_stream


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_stage_on_a_terminal_shows_its_count_and_is_erased_at_the_end():
    screen = Terminal()
    progress = for_stream(screen)
    assert isinstance(progress, Progress)
    progress.delay = progress.interval = 0
    advance = progress.stage("pages", 3)
    for _ in range(3):
        advance(1)
    progress.close()
    text = screen.getvalue()
    assert "pages: 100%" in text and "3/3" in text
    assert text.endswith("\r")  # the bar's line is cleared, so the summary line follows on a clean line


def test_no_bar_when_the_output_is_not_a_terminal(make_site):
    assert for_stream(io.StringIO()) is None
    site = make_site({"content/news/a.md": article("Gold steigt")})
    run = run_build(site, "--now", "2024-05-01 12:00", "--jobs", "1")
    assert run.code == 0 and run.err == ""
    assert run.out.startswith("built ") and "\r" not in run.out
