"""``build.py deploy``: to a local folder over rsync and to a local bare git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import BASE_CONFIG, _run_in_process, article, run_build, snapshot

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None or shutil.which("git") is None,
                                reason="needs rsync and git (apt-get install rsync git)")

ARTICLES = {f"content/news/2024-04-{day:02d}-meldung-{day}.md": article(f"Meldung {day}", date=f"{day:02d}.04.2024")
            for day in range(1, 4)}


def deploy(site: Path, *args: str):
    """``build.py deploy ARGS`` in ``site``, in this process."""
    return _run_in_process(site, ["deploy", *args], {}, 120)


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def built(make_site):
    """A site with three articles, built into output/."""
    site = make_site(ARTICLES)
    assert run_build(site).code == 0
    return site


def files_of(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(folder).items() if v is not None}


# --------------------------------------------------------------------------- rsync to a local folder

def test_first_deploy_lists_every_file_and_copies_the_site(built, tmp_path):
    target = tmp_path / "www"
    run = deploy(built, "--target", str(target))
    assert run.code == 0, run.err
    published = files_of(built / "output")
    lines = run.out.splitlines()
    assert "add news/meldung-1/index.html" in lines
    assert lines[-1] == (f"deployed output/ to {target}: {len(published)} added, 0 changed, 0 deleted, 0 unchanged")
    assert files_of(target) == published


def test_second_deploy_uploads_only_what_changed_by_content(built, tmp_path):
    target = tmp_path / "www"
    assert deploy(built, "--target", str(target)).code == 0
    os.utime(target / "index.html", (0, 0))  # an older mtime alone is no change
    (target / "stale.html").write_text("alt")
    (built / "content/news/2024-04-03-meldung-3.md").write_text(article("Meldung 3", date="03.04.2024",
                                                                        body="Neu.\n"))
    assert run_build(built).code == 0
    run = deploy(built, "--target", str(target))
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert "change news/meldung-3/index.html" in lines
    assert "delete stale.html" in lines
    assert "change index.html" not in lines
    assert not [line for line in lines if line.startswith("add ")]
    assert files_of(target) == files_of(built / "output")


def test_unchanged_site_deploys_nothing(built, tmp_path):
    target = tmp_path / "www"
    deploy(built, "--target", str(target))
    run = deploy(built, "--target", str(target))
    count = len(files_of(built / "output"))
    assert (run.code, run.out) == (0, f"{target} already holds output/ ({count} files); nothing was deployed\n")


def test_dry_run_lists_and_changes_nothing(built, tmp_path):
    target = tmp_path / "www"
    target.mkdir()
    run = deploy(built, "--target", str(target), "--dry-run")
    assert run.code == 0, run.err
    count = len(files_of(built / "output"))
    assert run.out.splitlines()[-1] == (f"dry run: deploying output/ to {target} would make {count} added, "
                                        "0 changed, 0 deleted, 0 unchanged; nothing was changed")
    assert "add index.html" in run.out.splitlines()
    assert list(target.iterdir()) == []


def test_target_from_config(make_site, tmp_path):
    site = make_site(ARTICLES, config=BASE_CONFIG + "deploy:\n  target: ../www\n")
    assert run_build(site).code == 0
    run = deploy(site)
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1].startswith(f"deployed output/ to ../www: ")
    assert (tmp_path / "www" / "index.html").is_file()


MANY = {f"content/news/2024-03-{d:02d}-m-{d}.md": article(f"Beitrag {d}", date=f"{d:02d}.03.2024")
        for d in range(1, 26)}


def test_long_listing_is_summarised(make_site, tmp_path):
    site = make_site(MANY)
    assert run_build(site).code == 0
    run = deploy(site, "--target", str(tmp_path / "www"))
    adds = [line for line in run.out.splitlines() if line.startswith("add ")]
    total = len(files_of(site / "output"))
    assert len(adds) == 20
    assert f"… and {total - 20} more to add" in run.out.splitlines()


def test_guard_stops_a_deploy_that_removes_many_articles(make_site, tmp_path):
    many = MANY
    site = make_site(many)
    assert run_build(site).code == 0
    target = tmp_path / "www"
    assert deploy(site, "--target", str(target)).code == 0
    other = make_site({"content/news/2024-03-01-m-1.md": many["content/news/2024-03-01-m-1.md"]}, name="other")
    assert run_build(other).code == 0
    before = files_of(target)
    run = deploy(other, "--target", str(target))
    assert run.code == 1
    assert run.err.splitlines()[:2] == [
        f"error: this deploy would remove 24 published article pages that were not deleted or marked draft "
        f"(the limit is 20) — {target} was not changed; check the list, then deploy again with --allow-removals "
        "if that is intended",
        "  removed /news/beitrag-10/"]
    assert run.err.splitlines()[-1] == "  … and 4 more removed article pages"
    assert files_of(target) == before
    run = deploy(other, "--target", str(target), "--allow-removals")
    assert run.code == 0, run.err
    assert "delete news/beitrag-2/index.html" in run.out.splitlines()


def test_deleted_articles_pass_the_guard_and_are_listed(make_site, tmp_path):
    site = make_site(MANY)
    assert run_build(site).code == 0
    target = tmp_path / "www"
    assert deploy(site, "--target", str(target)).code == 0
    for name in list(MANY)[1:]:
        (site / name).unlink()
    assert run_build(site).code == 0
    run = deploy(site, "--target", str(target))
    assert run.code == 0, run.err
    assert "delete news/beitrag-10/index.html" in run.out.splitlines()
    assert "… and 12 more to delete" in run.out.splitlines()
    assert run.err.splitlines()[0] == ("warning: removed /news/beitrag-10/ (content/news/2024-03-10-m-10.md was "
                                       "deleted) — links to this URL now fail")
    assert not (target / "news" / "beitrag-25").exists()


def test_dot_git_is_neither_deployed_nor_deleted(built, tmp_path):
    target = tmp_path / "www"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (target / "index.html").write_text("alt")
    (built / "output" / ".git").mkdir()  # a gh-pages worktree in output/
    (built / "output" / ".git" / "config").write_text("[core]\n")
    run = deploy(built, "--target", str(target))
    assert run.code == 0, run.err
    assert (target / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not (target / ".git" / "config").exists()
    assert "change index.html" in run.out.splitlines()


def test_refuses_a_folder_no_complete_build_published(built, tmp_path):
    (built / ".cache").rename(tmp_path / "cache-away")  # as after a publish cut off: its state was forgotten
    run = deploy(built, "--target", str(tmp_path / "www"))
    assert (run.code, run.out) == (2, "")
    assert run.err == ("error: no complete build published output/ (the last build was cut off, failed or was made "
                       "by another version) — run .venv/bin/python build.py build first (a build with --no-cache "
                       "records nothing)\n")
    assert not (tmp_path / "www").exists()


def test_interrupted_publish_is_recovered_then_refused(made_interrupted, tmp_path):
    site = made_interrupted
    run = deploy(site, "--target", str(tmp_path / "www"))
    assert run.code == 2
    assert run.err.startswith("error: no complete build published output/ ")
    assert len(run.err.splitlines()) == 1
    assert (site / "output" / "index.html").is_file()  # the swap was finished
    assert not (site / ".output.aside").exists()


@pytest.fixture
def made_interrupted(make_site):
    """A site whose second build was killed between the renames of the fallback swap."""
    from sitegen.engine import Engine, Options
    site = make_site(ARTICLES)
    assert run_build(site).code == 0
    (site / "content/news/2024-04-01-meldung-1.md").write_text(article("Meldung eins", date="01.04.2024"))

    class Killed(BaseException):
        pass

    def fault(step: str) -> None:
        if step == "swap 2/3":
            raise Killed

    from sitegen.output import swap
    cwd = os.getcwd()
    os.chdir(site)
    try:
        original = swap.exchange
        swap.exchange = lambda a, b: (_ for _ in ()).throw(OSError(38, "no exchange"))
        with pytest.raises(Killed):
            Engine(Options(site / "config.yaml"), fault=fault).run()
    finally:
        swap.exchange = original
        os.chdir(cwd)
    assert not (site / "output").exists() and (site / ".output.aside").is_dir()
    return site


def test_edited_output_is_refused(built, tmp_path):
    (built / "output" / "index.html").write_text("von Hand")
    run = deploy(built, "--target", str(tmp_path / "www"))
    assert (run.code, run.err) == (2, "error: output/index.html changed after the last build (1 file in all) "
                                      "— build again, then deploy\n")


def test_refuses_a_folder_that_is_not_a_site(built, tmp_path):
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / "todo.txt").write_text("x")
    run = deploy(built, "--target", str(home))
    assert (run.code, run.err) == (2, f"error: refusing to deploy into {home}: it is not empty and holds no "
                                      "index.html, so it is not a deployed site — choose an empty folder or the "
                                      "site's folder\n")
    assert (home / "todo.txt").exists()


def test_permission_denied_is_one_line(built, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.geteuid() == 0:  # root may write anywhere: an rsync that answers as rsync does for other users
        fake = tmp_path / "bin" / "rsync"
        fake.parent.mkdir()
        fake.write_text("#!/bin/sh\n"
                        f"echo 'rsync: [Receiver] mkdir \"{locked}/www\" failed: Permission denied (13)' >&2\n"
                        "echo 'rsync error: error in file IO (code 11) at main.c(791) [Receiver=3.2.7]' >&2\nexit 11\n")
        fake.chmod(0o755)
        monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    try:
        run = deploy(built, "--target", str(locked / "www"))
    finally:
        locked.chmod(0o700)
    assert run.code == 2
    assert run.err.startswith(f"error: permission denied at {locked / 'www'} (")
    assert len(run.err.splitlines()) == 1


def test_unreachable_target(built, tmp_path):
    run = deploy(built, "--target", str(tmp_path / "missing" / "deeper" / "www"))
    assert run.code == 2
    assert run.err.startswith(f"error: cannot reach {tmp_path / 'missing' / 'deeper' / 'www'} (")
    assert run.err.endswith("— check deploy.target in config.yaml (or --target) and the connection\n")
    assert len(run.err.splitlines()) == 1


def test_missing_rsync_names_the_package(built, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    run = deploy(built, "--target", str(tmp_path / "www"))
    assert (run.code, run.err) == (2, "error: rsync is not installed — install the package rsync, "
                                      "e.g. sudo apt-get install rsync\n")


@pytest.mark.parametrize("stderr, message", [
    (b'rsync: [Receiver] mkdir "/srv/www" failed: Permission denied (13)\nrsync error: error in file IO (code 11)\n',
     'error: permission denied at host:/srv/www (rsync: [Receiver] mkdir "/srv/www" failed: Permission denied (13)) '
     '— check the owner and permissions of the target, or your access to it'),
    (b"ssh: Could not resolve hostname host: Name or service not known\nrsync: connection unexpectedly closed\n",
     "error: cannot reach host:/srv/www (ssh: Could not resolve hostname host: Name or service not known) "
     "— check deploy.target in config.yaml (or --target) and the connection"),
])
def test_tool_failures_become_one_line(stderr, message):
    from sitegen.deploy.tools import failure
    assert str(failure(stderr, "host:/srv/www", "rsync")) == message


def test_missing_target(built):
    run = deploy(built)
    assert (run.code, run.err) == (2, "error: the deploy target is empty — set deploy.target in config.yaml or pass "
                                      "--target, e.g. target: /var/www/site, target: user@host:/var/www/site or "
                                      "target: git:../site.git#gh-pages\n")


def test_bad_target_in_config_is_a_config_error(make_site):
    site = make_site(ARTICLES, config=BASE_CONFIG + "deploy:\n  target: git:../site.git#bad..name\n")
    run = deploy(site)
    line = BASE_CONFIG.count("\n") + 2
    assert run.code == 1
    assert run.err.splitlines()[0] == (f"config.yaml:{line}: 'bad..name' is not a branch name — use letters, "
                                       "digits, '-', '_', '.' and '/', e.g. #gh-pages")


# --------------------------------------------------------------------------- git branch

@pytest.fixture
def bare(tmp_path):
    repo = tmp_path / "site.git"
    git("init", "--bare", "-q", str(repo))
    return repo


def test_git_deploy_commits_and_pushes_the_site(built, bare):
    run = deploy(built, "--target", f"git:{bare}#gh-pages")
    assert run.code == 0, run.err
    last = run.out.splitlines()[-1]
    assert last.startswith(f"deployed output/ to git:{bare}#gh-pages (commit ")
    names = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split())
    assert names == set(files_of(built / "output"))
    assert ".nojekyll" in names
    message = git("log", "-1", "--format=%B", "gh-pages", cwd=bare)
    assert re.fullmatch(r"Deploy the site built \d{4}-\d\d-\d\d \d\d:\d\d \(\+0[12]00\)\n\nDeployed-by: sitegen\n\n",
                        message), message


def test_git_second_deploy_adds_one_commit_with_only_the_changes(built, bare):
    assert deploy(built, "--target", f"git:{bare}#gh-pages").code == 0
    (built / "content/news/2024-04-02-meldung-2.md").unlink()
    assert run_build(built).code == 0
    run = deploy(built, "--target", f"git:{bare}#gh-pages")
    assert run.code == 0, run.err
    assert "delete news/meldung-2/index.html" in run.out.splitlines()
    assert git("rev-list", "--count", "gh-pages", cwd=bare).strip() == "2"
    changed = git("diff", "--name-status", "gh-pages~1", "gh-pages", cwd=bare)
    assert "D\tnews/meldung-2/index.html" in changed.splitlines()
    again = deploy(built, "--target", f"git:{bare}#gh-pages")
    assert again.out.endswith("nothing was deployed\n")
    assert git("rev-list", "--count", "gh-pages", cwd=bare).strip() == "2"


def test_git_dry_run_pushes_nothing(built, bare):
    run = deploy(built, "--target", f"git:{bare}#gh-pages", "--dry-run")
    assert run.code == 0, run.err
    assert run.out.endswith("; nothing was changed\n")
    assert git("branch", "--list", cwd=bare) == ""


def test_git_refuses_foreign_history_without_force(built, bare, tmp_path):
    work = tmp_path / "work"
    git("init", "-q", "-b", "gh-pages", str(work))
    (work / "alt.html").write_text("alt")
    git("add", "alt.html", cwd=work)
    git("-c", "user.name=X", "-c", "user.email=x@example.de", "commit", "-q", "-m", "Handgemacht", cwd=work)
    git("push", "-q", str(bare), "gh-pages", cwd=work)
    run = deploy(built, "--target", f"git:{bare}#gh-pages")
    short = git("rev-parse", "--short", "gh-pages", cwd=bare).strip()
    assert (run.code, run.out) == (2, "")
    assert run.err == (f"error: the last commit on gh-pages of {bare} was not made by deploy ({short} Handgemacht) "
                       "— check the branch; deploy with --force to commit the site on top of it (its history is "
                       "kept)\n")
    run = deploy(built, "--target", f"git:{bare}#gh-pages", "--force")
    assert run.code == 0, run.err
    assert "delete alt.html" in run.out.splitlines()
    assert git("rev-list", "--count", "gh-pages", cwd=bare).strip() == "2"  # history kept


def test_git_unreachable_repository(built, tmp_path):
    run = deploy(built, "--target", f"git:{tmp_path / 'nirgends.git'}#gh-pages")
    assert run.code == 2
    assert run.err.startswith(f"error: cannot reach git:{tmp_path / 'nirgends.git'}#gh-pages (")
    assert len(run.err.splitlines()) == 1


def test_missing_git_names_the_package(built, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    run = deploy(built, "--target", f"git:{tmp_path}/x.git")
    assert (run.code, run.err) == (2, "error: git is not installed — install the package git, "
                                      "e.g. sudo apt-get install git\n")


# --------------------------------------------------------------------------- the fuzz rule: deploy.target

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60) | st.builds(lambda s: "git:" + s, st.text(max_size=40)))
def test_any_target_text_parses_or_gives_one_line(text):
    from sitegen.deploy.target import Target, TargetError, parse_target
    try:
        found = parse_target(text, Path("/site"))
    except TargetError as exc:
        message = str(exc)
        assert len(message.splitlines()) == 1 and " — " in message
        return
    assert isinstance(found, Target) and not found.location.startswith("-")
    assert found.kind in ("git", "rsync")


def test_overlong_target_is_refused():
    from sitegen.deploy.target import TargetError, parse_target
    with pytest.raises(TargetError, match="^the deploy target is 1001 characters long, the limit is 1000 — "):
        parse_target("x" * 1001, Path("/site"))


CODES = [">f+++++++++ ", ">fc.t...... ", ".f..t...... ", "*deleting   ", "cd+++++++++ ", "<f.st...... ", ""]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CODES), st.text(max_size=12))), st.binary(max_size=200))
def test_any_rsync_listing_gives_a_plan(lines, noise):
    from sitegen.deploy.rsync import parse_itemized
    text = "\n".join(code + name.replace("\n", " ") for code, name in lines).encode() + b"\n" + noise
    plan = parse_itemized(text, 1000)
    assert plan.unchanged == 1000 - len(plan.added) - len(plan.changed)
    assert all("\n" not in line for line in plan.lines())


def test_rsync_listing_kinds():
    from sitegen.deploy.rsync import parse_itemized
    plan = parse_itemized(b">f+++++++++ neu.html\n>fcst...... index.html\n.f..t...... alt.html\n"
                          b"*deleting   weg.html\ncd+++++++++ news/\n*deleting   news/alt/\n", 3)
    assert (plan.added, plan.changed, plan.deleted, plan.unchanged) == (("neu.html",), ("index.html",),
                                                                        ("weg.html",), 1)


def test_a_running_build_is_waited_for(built, tmp_path):
    from sitegen.output.lock import lock_output
    with lock_output(built / "output"):
        run = deploy(built, "--target", str(tmp_path / "www"))
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("error: output/ is being built by ")
    assert run.err.endswith(" — wait for it to finish or stop it\n")
    assert not (tmp_path / "www").exists()


def test_listing_shows_file_names_as_written(make_site, tmp_path):
    # "0 " sorts it among the first 20 lines listed (the rest are counted)
    site = make_site({**ARTICLES, "static/0 Übersicht Größe.txt": "ä\n"})
    assert run_build(site).code == 0
    assert (site / "output" / "0 Übersicht Größe.txt").is_file()
    run = deploy(site, "--target", str(tmp_path / "www"))
    assert run.code == 0, run.err
    assert "add 0 Übersicht Größe.txt" in run.out.splitlines()
