"""The publish is one atomic swap: output/ holds the complete old site or the
complete new site, whatever step a build is killed at.

A kill is simulated in-process by the writer's ``fault`` hook raising
``Killed`` (a BaseException, so no ``except OSError`` clean-up runs — as with
SIGKILL).  The real SIGKILL test of whole builds is tests/full/test_kills.py.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, article, run_build, snapshot
from sitegen.output import swap
from sitegen.output import writer
from sitegen.output.writer import OutputBusy, UnsafeOutputError, lock_output, sync_output

NOW = ("--now", "2024-05-01 12:00")
OLD = 1_000_000_000

A0 = {"index.html": b"<h1>Start 0</h1>", "news/alt/index.html": b"alt", "news/gold/index.html": b"Gold 0",
      "feed.xml": b"<feed>0</feed>", ".nojekyll": b""}
A = {"index.html": b"<h1>Start A</h1>", "news/gold/index.html": b"Gold", "news/silber/index.html": b"Silber",
     "news/platin/index.html": b"Platin", "themen/gold": b"a file that becomes a folder", "feed.xml": b"<feed>A</feed>",
     "assets/site.css": b"body{}", ".nojekyll": b""}
B = {"index.html": b"<h1>Start B</h1>", "news/gold/index.html": b"Gold", "news/silber/index.html": b"Silber neu",
     "news/kupfer/index.html": b"Kupfer", "themen/gold/index.html": b"Gold-Thema", "feed.xml": b"<feed>B</feed>",
     "assets/site.css": b"body{}", ".nojekyll": b""}


class Killed(BaseException):
    """A simulated SIGKILL at one step of the publish."""


def kill_at(target: str):
    def fault(step: str) -> None:
        if step == target:
            raise Killed(step)
    return fault


def expected(files: dict[str, bytes]) -> dict[str, bytes | None]:
    """The snapshot of a folder holding exactly ``files``."""
    found: dict[str, bytes | None] = dict(files)
    for rel in files:
        parts = rel.split("/")[:-1]
        found.update({"/".join(parts[:i + 1]) + "/": None for i in range(len(parts))})
    return found


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def published(tmp_path: Path, name: str = "site") -> Path:
    """An output folder that went through A0 and then A (so its standby holds A0)."""
    out = tmp_path / name / "out"
    sync_output(out, A0)
    sync_output(out, A)
    assert snapshot(out) == expected(A)
    return out


def steps_of(tmp_path: Path, new: dict[str, bytes]) -> list[str]:
    steps: list[str] = []
    sync_output(published(tmp_path, "dry-run"), new, fault=steps.append)
    return steps


def test_a_kill_at_any_step_leaves_the_old_site_and_the_next_publish_completes(tmp_path):
    steps = steps_of(tmp_path, B)
    assert steps[0] == "clean" and steps[-2:] == ["swap", "swapped"]
    assert {"write index.html", "link news/gold/index.html", "write themen/gold/index.html"} <= set(steps)
    for index, step in enumerate(steps):
        out = published(tmp_path, f"kill-{index}")
        with pytest.raises(Killed):
            sync_output(out, B, fault=kill_at(step))
        assert snapshot(out) == expected(B if step == "swapped" else A), step
        report = sync_output(out, B)
        assert snapshot(out) == expected(B), step
        assert siblings(out) == [".out.standby"], step
        assert report.removed == (() if step == "swapped" else ("news/platin/index.html", "themen/gold"))
        sync_output(out, A)  # the user reverts: the standby left by the kill serves again
        assert snapshot(out) == expected(A), step


def test_a_publish_reports_what_changed(tmp_path):
    out = published(tmp_path)
    report = sync_output(out, B)
    assert (report.written, report.unchanged, report.deleted) == (5, 3, 2)
    assert report.removed == ("news/platin/index.html", "themen/gold")
    assert report.notes == ()
    assert not (out / ".sitegen-manifest.json").exists()


def test_an_unchanged_file_keeps_its_inode_and_mtime(tmp_path):
    out = published(tmp_path)
    gold = out / "news/gold/index.html"
    os.utime(gold, (OLD, OLD))
    before = gold.stat()
    sync_output(out, B)
    sync_output(out, {**B, "index.html": b"<h1>Start C</h1>"}, keep=["news/gold/index.html"])
    sync_output(out, {"index.html": b"<h1>Start D</h1>", "news/gold/index.html": b"Gold"})
    after = (out / "news/gold/index.html").stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_nlink) == (before.st_ino, OLD * 10**9, 2)
    assert (out.parent / ".out.standby/news/gold/index.html").stat().st_ino == before.st_ino
    assert (out / "index.html").read_bytes() == b"<h1>Start D</h1>"


def test_a_changed_file_never_writes_into_the_shared_inode(tmp_path):
    out = published(tmp_path)
    standby = out.parent / ".out.standby"
    sync_output(out, A)  # live and standby now share every inode
    assert (standby / "index.html").stat().st_ino == (out / "index.html").stat().st_ino
    with pytest.raises(Killed):
        sync_output(out, B, fault=kill_at("swap"))
    assert (out / "index.html").read_bytes() == b"<h1>Start A</h1>"
    assert (standby / "index.html").read_bytes() == b"<h1>Start B</h1>"


def gh_pages(out: Path) -> dict[str, bytes | None]:
    (out / ".git/refs").mkdir(parents=True)
    (out / ".git/HEAD").write_bytes(b"ref: refs/heads/gh-pages\n")
    (out / ".git/refs/main").write_bytes(b"0123abcd\n")
    (out / "news/gold/.keep").write_bytes(b"x")
    return {".git/": None, ".git/refs/": None, ".git/HEAD": b"ref: refs/heads/gh-pages\n",
            ".git/refs/main": b"0123abcd\n", "news/gold/.keep": b"x"}


@pytest.mark.parametrize("step", ["carry .git", "carry news/gold/.keep", "swap", "swapped"])
def test_the_git_folder_of_a_gh_pages_worktree_survives_a_kill(tmp_path, step):
    out = published(tmp_path)
    dots = gh_pages(out)
    with pytest.raises(Killed):
        sync_output(out, B, fault=kill_at(step))
    site = expected(B if step == "swapped" else A)
    assert {k: v for k, v in snapshot(out).items() if k in site} == site
    sync_output(out, B)
    assert snapshot(out) == {**expected(B), **dots}
    assert siblings(out) == [".out.standby"]


def test_dot_entries_move_along_and_leftover_temp_files_go(tmp_path):
    out = published(tmp_path)
    dots = gh_pages(out)
    (out / ".index.html.k2j3.tmp").write_bytes(b"<h1>Sta")  # left by the old writer when killed
    (out / "news/.index.html.x9.tmp").write_bytes(b"")
    (out / ".sitegen-manifest.json").write_bytes(b'{"files": []}')
    (out.parent / ".out.standby/news/gold/.index.html.q1.tmp").write_bytes(b"half")
    report = sync_output(out, B)
    assert snapshot(out) == {**expected(B), **dots}
    assert report.removed == ("news/platin/index.html", "themen/gold")
    report = sync_output(out, A)
    assert snapshot(out) == {**expected(A), **dots}
    assert not [p for p in (out.parent / ".out.standby").rglob("*") if p.name.endswith(".tmp")]


def test_disk_full_while_writing_the_standby_leaves_the_old_site(tmp_path, monkeypatch):
    out = published(tmp_path)
    real_open, real_write, opened = os.open, os.write, {}

    def tracked(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        opened[fd] = str(path)
        return fd

    def full(fd, data):  # the disk fills up while this page is written
        if opened.get(fd, "").endswith("news/silber/index.html"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "open", tracked)
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError) as caught:
        sync_output(out, B)
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(out.parent / ".out.standby/news/silber/index.html")
    assert snapshot(out) == expected(A)
    assert not (out.parent / ".out.standby").exists()  # its space is given back to the full disk
    monkeypatch.undo()
    sync_output(out, B)
    assert snapshot(out) == expected(B)
    assert not [p for p in out.parent.rglob("*") if p.name.endswith(".tmp")]


def test_a_read_only_folder_in_the_standby_leaves_the_old_site(tmp_path, monkeypatch):
    """chmod 0o555 stops a normal user; root (as in CI containers) writes anyway,
    so creating a file there is also made to fail with the errno a user would get."""
    out = published(tmp_path)
    locked = out.parent / ".out.standby/news"
    os.chmod(locked, 0o555)
    real = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path).parent.parent == locked and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    try:
        with pytest.raises(PermissionError) as caught:
            sync_output(out, B)
    finally:
        os.chmod(locked, 0o755)
    assert caught.value.filename == str(locked / "kupfer/index.html")
    assert snapshot(out) == expected(A)
    monkeypatch.undo()
    sync_output(out, B)
    assert snapshot(out) == expected(B)


def test_an_immutable_folder_in_the_standby_leaves_the_old_site(tmp_path):
    """``chattr +i`` stops root too (EPERM): a real unwritable folder."""
    out = published(tmp_path)
    locked = out.parent / ".out.standby/news"
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(locked)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        with pytest.raises(PermissionError) as caught:
            sync_output(out, B)
    finally:
        subprocess.run(["chattr", "-i", str(locked)], check=True)
    assert caught.value.filename == str(locked / "alt")  # A0's stale page, removed first
    assert snapshot(out) == expected(A)
    sync_output(out, B)
    assert snapshot(out) == expected(B)


def test_a_fault_raising_no_space_leaves_the_old_site(tmp_path):
    out = published(tmp_path)

    def full(step: str) -> None:
        if step.startswith("write "):
            raise OSError(errno.ENOSPC, "No space left on device", step[6:])

    with pytest.raises(OSError):
        sync_output(out, B, fault=full)
    assert snapshot(out) == expected(A)


def test_without_exchange_three_renames_and_the_next_publish_completes_a_cut(tmp_path, monkeypatch):
    def unsupported(first, second):
        raise OSError(errno.EINVAL, "Invalid argument", str(first))

    monkeypatch.setattr(swap, "exchange", unsupported)
    steps = steps_of(tmp_path, B)
    assert steps[-5:] == ["swap", "swap 1/3", "swap 2/3", "swap 3/3", "swapped"]
    for step in steps:
        out = published(tmp_path, f"kill-{step.replace('/', '_')}")
        dots = gh_pages(out)
        with pytest.raises(Killed):
            sync_output(out, B, fault=kill_at(step))
        if step == "swap 2/3":  # between the two renames there is no output folder
            assert not out.exists() and siblings(out) == [".out.aside", ".out.journal", ".out.standby"]
        else:
            site = expected(B if step in ("swap 3/3", "swapped") else A)
            assert {k: v for k, v in snapshot(out).items() if k in site} == site, step
        sync_output(out, B)
        assert snapshot(out) == {**expected(B), **dots}, step
        assert siblings(out) == [".out.standby"], step
        sync_output(out, A)
        assert snapshot(out) == {**expected(A), **dots}, step


def test_an_output_folder_that_cannot_be_renamed_is_synced_in_place_with_a_warning(tmp_path, monkeypatch):
    out = published(tmp_path)
    dots = gh_pages(out)

    def busy(first, second):
        raise OSError(errno.EBUSY, "Device or resource busy", str(first))

    monkeypatch.setattr(swap, "exchange", busy)
    report = sync_output(out, B)
    assert snapshot(out) == {**expected(B), **dots}
    assert report.notes == ("warning: out/ cannot be swapped in one step (Device or resource busy): its files were "
                            "replaced one by one (a build cut off there leaves a mix of old and new pages)",)
    assert siblings(out) == []


def test_without_hard_links_unchanged_files_are_copied_with_a_warning(tmp_path, monkeypatch):
    out = published(tmp_path)
    os.utime(out / "news/gold/index.html", (OLD, OLD))

    def no_links(source, target, *args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(source), None, str(target))

    monkeypatch.setattr(os, "link", no_links)
    report = sync_output(out, B)
    assert snapshot(out) == expected(B)
    assert report.notes == ("warning: the filesystem of out/ has no hard links: 2 unchanged files were copied "
                            "(slower; their inodes change)",)
    assert (out / "news/gold/index.html").stat().st_mtime == OLD
    assert siblings(out) == [".out.standby"]
    assert not [p for p in out.parent.rglob("*") if p.name.endswith(".tmp")]


def test_a_mount_point_is_synced_in_place_with_a_warning(tmp_path, monkeypatch):
    out = tmp_path / "mnt" / "out"
    out.mkdir(parents=True)
    monkeypatch.setattr(writer, "is_mount_point", lambda path: path == out)
    sync_output(out, A)
    (out / ".git").mkdir()
    report = sync_output(out, B)
    assert snapshot(out) == {**expected(B), ".git/": None}
    assert report.notes == ("warning: out/ is a mount point, so it cannot be swapped in one step: its files were "
                            "replaced one by one (a build cut off there leaves a mix of old and new pages) "
                            "— publish into a folder inside it",)
    assert siblings(out) == []


def test_a_symlinked_output_folder_stays_a_link(tmp_path):
    real = tmp_path / "www" / "site"
    real.mkdir(parents=True)
    link = tmp_path / "out"
    link.symlink_to(real)
    sync_output(link, A)
    sync_output(link, B)
    assert link.is_symlink() and snapshot(link) == expected(B)
    assert sorted(p.name for p in real.parent.iterdir()) == [".site.standby", "site"]


def test_a_folder_that_is_not_a_built_site_is_never_replaced(tmp_path):
    home = tmp_path / "home"
    (home / "Dokumente").mkdir(parents=True)
    (home / "Dokumente/steuer.pdf").write_bytes(b"%PDF")
    (home / ".bashrc").write_bytes(b"alias ll='ls -l'\n")
    before = snapshot(home)
    with pytest.raises(UnsafeOutputError) as caught:
        sync_output(home, A)
    assert str(caught.value) == (f"refusing to replace {home}: it is not empty and holds no index.html, so it is not "
                                 "a built site — choose an empty folder or the site's output folder")
    assert snapshot(home) == before and siblings(home) == []
    afile = tmp_path / "file"
    afile.write_bytes(b"x")
    with pytest.raises(UnsafeOutputError, match=r"^refusing to replace .*/file: it is not a folder — choose a folder$"):
        sync_output(afile, A)


def test_a_fresh_gh_pages_worktree_with_only_dot_entries_is_published_into(tmp_path):
    out = tmp_path / "out"
    (out / ".git").mkdir(parents=True)
    (out / ".git/HEAD").write_bytes(b"ref: refs/heads/gh-pages\n")
    sync_output(out, A)
    assert snapshot(out) == {**expected(A), ".git/": None, ".git/HEAD": b"ref: refs/heads/gh-pages\n"}


HOLD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from sitegen.output.writer import lock_output, OutputBusy
    try:
        with lock_output(Path(sys.argv[1])):
            print("locked", flush=True)
            if len(sys.argv) > 2:
                time.sleep(float(sys.argv[2]))
    except OutputBusy as exc:
        print(exc, exc.pid)
""")


def test_a_second_build_of_the_same_folder_is_refused_naming_the_first(tmp_path):
    out = tmp_path / "output"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with lock_output(out) as lock:
        assert lock == tmp_path / ".output.lock" and lock.read_text() == f"{os.getpid()}\n"
        run = subprocess.run([sys.executable, "-c", HOLD, str(out)], capture_output=True, text=True, env=env, timeout=60)
        assert run.stdout == (f"output/ is being built by process {os.getpid()} — wait for it to finish or stop it "
                              f"{os.getpid()}\n"), run.stderr
    assert not lock.exists()
    run = subprocess.run([sys.executable, "-c", HOLD, str(out)], capture_output=True, text=True, env=env, timeout=60)
    assert run.stdout == "locked\n", run.stderr


def test_the_lock_of_a_running_process_refuses_this_one(tmp_path):
    out = tmp_path / "output"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out), "60"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(OutputBusy) as caught:
            with lock_output(out):
                pass
        assert str(caught.value) == f"output/ is being built by process {holder.pid} — wait for it to finish or stop it"
        assert caught.value.pid == holder.pid
    finally:
        holder.kill()
        holder.wait()
    with lock_output(out):  # the kernel released the killed holder's lock
        pass


def test_a_build_leaves_no_manifest_or_temp_file_and_keeps_a_standby(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt weiter"),
                      "content/news/silber.md": article("Silber zieht nach", tags="[Silber]")})
    for edit in ("", "Noch ein Absatz.\n"):
        if edit:
            (site / "content/news/gold.md").write_text(article("Gold steigt weiter", body=edit))
        run = run_build(site, *NOW)
        assert run.code == 0, run.err
    out = site / "output"
    names = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert ".sitegen-manifest.json" not in names and not [n for n in names if n.endswith(".tmp")]
    assert "Noch ein Absatz." in (out / "news/gold-steigt-weiter/index.html").read_text()
    assert (site / ".output.standby/index.html").is_file()
    assert not (site / ".output.journal").exists() and not (site / ".output.aside").exists()


def test_a_folder_made_anew_where_the_site_was_is_not_taken_for_it(tmp_path):
    """A standby beside it is no proof: a user removed the site and keeps a thesis there now."""
    out = published(tmp_path)
    shutil.rmtree(out)
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"four years of work")
    with pytest.raises(UnsafeOutputError) as caught:
        sync_output(out, B)
    assert str(caught.value) == (f"refusing to replace {out}: it is not empty and holds no index.html, so it is not "
                                 "a built site — choose an empty folder or the site's output folder")
    assert (out / "thesis.docx").read_bytes() == b"four years of work"


def test_a_home_folder_of_dotfiles_is_refused_but_a_fresh_gh_pages_worktree_is_not(tmp_path):
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".bashrc").write_text("alias ll='ls -l'\n")
    with pytest.raises(UnsafeOutputError):
        sync_output(home, B)
    assert sorted(p.name for p in home.iterdir()) == [".bashrc", ".ssh"]
    worktree = tmp_path / "worktree"
    worktree.mkdir()
    (worktree / ".git").write_text("gitdir: /somewhere/.git/worktrees/output\n")
    sync_output(worktree, B)
    assert (worktree / ".git").read_text() == "gitdir: /somewhere/.git/worktrees/output\n"
    assert snapshot(worktree)["index.html"] == B["index.html"]


def test_the_output_folder_keeps_its_mode_and_group_across_publishes(tmp_path):
    out = published(tmp_path)
    os.chmod(out, 0o2750)
    os.chown(out, -1, 1)  # group "daemon" (gid 1), as a web server's group would be
    for files in (B, A, B):
        sync_output(out, files)
        found = os.stat(out)
        assert (oct(found.st_mode & 0o7777), found.st_gid) == (oct(0o2750), 1)
