"""The output's size and file count after a build, and the warning near a host's limit."""

from __future__ import annotations

from conftest import BASE_CONFIG, NOW, article, run_build, tree
from sitegen.output.hostlimits import Limit, megabytes, size_lines


def test_build_prints_size_and_file_count_of_the_output(make_site):
    site = make_site({"content/news/gold.md": article("Gold steigt")}, BASE_CONFIG + "deploy:\n  host: github\n")
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
    files = tree(site / "output")
    size = sum(map(len, files.values()))
    assert f"output: {megabytes(size)} in {len(files):,} files" in run.out.splitlines()
    assert "warning" not in run.out


def test_warning_at_80_percent_of_a_hosts_file_limit(tmp_path):
    for number in range(8):
        (tmp_path / f"{number}.html").write_bytes(b"x" * 100)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"not counted")
    limits = {"tiny": Limit("Tiny Pages", max_bytes=1000, max_files=10)}
    assert size_lines(tmp_path, "tiny", limits) == (
        "output: 0.8 kB in 8 files",
        "warning: the output is 0.8 kB, 80 % of the Tiny Pages limit of 1.0 kB per site — publish large files "
        "(videos, PDFs) elsewhere or remove old ones",
        "warning: the output has 8 files, 80 % of the Tiny Pages limit of 10 files per site — use fewer tag pages "
        "or a host without this limit",
    )
    (tmp_path / "7.html").unlink()
    assert size_lines(tmp_path, "tiny", limits) == ("output: 0.7 kB in 7 files",)


def test_megabytes_and_gigabytes():
    assert megabytes(12_345_678) == "12.3 MB"
    assert megabytes(850_000_000) == "850.0 MB"
    assert megabytes(10**9) == "1.0 GB"
    assert megabytes(95_400) == "95.4 kB"
