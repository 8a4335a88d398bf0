"""The benchmark's own logic (issue 13): corpus features, the two Hugo sites, targets, memory method."""

from __future__ import annotations

import sys

from bench import corpus, othersites
from bench.extra import missing_features
from bench.measure import run
from bench.rounds import faster_hugo, ratio_cell, slower_hugo
from bench.targets import targets


def test_lead_pictures_go_to_thirty_percent_of_the_articles_spread_evenly():
    chosen = [i for i in range(1, 1001) if corpus.has_image(i, 0.3)]
    assert len(chosen) == 300
    assert len([i for i in chosen if i <= 100]) == 30


def test_lead_pictures_are_distinct_jpegs_with_the_same_bytes_on_every_call():
    first, second = corpus.lead_image(4), corpus.lead_image(7)
    assert first[:3] == b"\xff\xd8\xff" and first != second and corpus.lead_image(4) == first


def test_features_corpus_writes_image_front_matter_and_search_config(tmp_path):
    corpus.write_corpus(tmp_path, 10, images=0.3, search=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "content" / "news").iterdir())]
    with_image = [t for t in texts if "\nimage: lead-" in t.split("\n---\n")[0]]
    assert len(with_image) == 3 and all("\nimage_alt: " in t for t in with_image)
    pictures = sorted(p.name for p in (tmp_path / "content" / "images").iterdir() if p.name.startswith("lead-"))
    assert pictures == ["lead-00004.jpg", "lead-00007.jpg", "lead-00010.jpg"]
    assert (tmp_path / "content" / "images" / "og-standard.png").is_file()  # the sample config's seo.default_image
    config = (tmp_path / "config.yaml").read_text(encoding="utf-8")
    assert config.endswith("search:\n  enabled: true\n") and config.count("\nsearch:") == 1


def test_the_plain_corpus_switches_search_off_whatever_the_sample_config_says(tmp_path):
    corpus.write_corpus(tmp_path, 2)
    config = (tmp_path / "config.yaml").read_text(encoding="utf-8")
    assert config.endswith("search:\n  enabled: false\n") and config.count("\nsearch:") == 1


def test_an_unknown_search_key_marks_the_feature_not_available():
    warning = "warning: config.yaml:56: unknown config key 'search' is ignored — known keys: badges"
    assert missing_features(warning) == ["search"]
    assert missing_features("built 77 pages") == []


def test_hugo_site_with_and_without_the_related_block(tmp_path):
    articles = corpus.generate(3)
    othersites.write_hugo(tmp_path / "with", articles)
    othersites.write_hugo(tmp_path / "without", articles, related=False)
    assert "first 5 (.Site.RegularPages.Related .)" in (tmp_path / "with" / "layouts" / "page.html").read_text()
    assert "Related" not in (tmp_path / "without" / "layouts" / "page.html").read_text()
    assert "[[related.indices]]\nname = \"tags\"" in (tmp_path / "with" / "hugo.toml").read_text()


def test_ratio_is_to_the_faster_hugo_of_each_pair():
    hugo = {"s": 3.0, "mb": 100, "all": [4.0, 2.0, 3.0]}
    norel = {"s": 1.5, "mb": 90, "all": [1.0, 3.0, 1.5]}
    best = faster_hugo(hugo, norel)
    assert best["all"] == [1.0, 2.0, 1.5]
    assert ratio_cell({"all": [2.0, 2.0, 3.0]}, best)["ratio"] == 2.0
    assert faster_hugo(hugo, {"failed": "exit 1: boom"}) is hugo
    assert slower_hugo({("cold", "hugo"): hugo, ("cold", "hugo-norel"): norel}) == "hugo"


def _cold(s, mb):
    return {"s": s, "mb": mb, "all": [s]}


def test_targets_name_met_and_not_met_with_the_figure():
    big = {("cold", "ours"): _cold(20.0, 600), ("cold", "hugo"): _cold(60.0, 1500),
           ("cold", "hugo-norel"): _cold(12.0, 1400), ("cold", "ratio"): {"ratio": 1.7},
           ("edit", "ours"): _cold(2.5, 200), ("nothing", "ours"): _cold(0.2, 100),
           ("serve", "ours"): {"ms": 400, "rebuild_ms": 120}}
    rows = {t: (v, ok) for t, v, ok in targets({1000: {("cold", "ratio"): {"ratio": 2.5}}, 10000: big}, None,
                                               {"scale": {50000: {"s": 100.0, "mb": 2500}}})}
    assert rows["N = 1,000: cold build ≤ 2.0× Hugo (goal ≤ 1.0×)"] == ("2.50× (1.50× above the goal)", False)
    assert rows["N = 10,000: cold build ≤ 2.0× Hugo (goal ≤ 1.0×)"] == ("1.70× (0.70× above the goal)", True)
    assert rows["one body edit: build ≤ 1.0 s"] == ("2.50 s", False)
    assert rows["one body edit: serve rebuild ≤ 150 ms"] == ("120 ms", True)
    assert rows["no change: ≤ 0.3 s"] == ("0.20 s", True)
    assert rows["peak memory, cold: ≤ 0.5× Hugo's"] == ("0.43×", True)  # 600 MB / 1,400 MB of the faster Hugo
    assert rows["N = 50,000: cold ≤ 5.5× the 10,000 figure"] == ("5.00× (100.0 s)", True)
    assert rows["N = 50,000: peak memory ≤ 2 GB"] == ("2500 MB", False)
    assert rows["one new article: build ≤ 2.0 s"] == ("not measured", None)


def test_memory_is_measured_as_pss_of_the_whole_process_tree(tmp_path):
    code = ("import os, sys, time\n"
            "buf = bytearray(60 * 2**20)\n"
            "buf[::4096] = b'x' * len(buf[::4096])\n"
            "if os.fork() == 0:\n    time.sleep(0.4); os._exit(0)\n"
            "time.sleep(0.4); os.wait()\n")
    result = run([sys.executable, "-c", code], tmp_path)
    # parent and forked child share the 60 MB: PSS counts them once (summed RSS would say about 120 MB)
    assert 55 <= result.peak_mb <= 100


def test_report_rows_show_both_hugo_sites_sizes_curve_and_unavailable_features():
    from bench.report import rows
    from bench.sections import features_section, scale_section
    table = {("cold", "ours"): _cold(2.0, 150), ("cold", "hugo"): _cold(1.5, 190),
             ("cold", "hugo-norel"): _cold(0.5, 180), ("cold", "ratio"): {"ratio": 4.0, "pairs": [4.0]},
             ("size", "ours"): {"mb": 12.34, "files": 1606}}
    cold, size = rows({1000: table})
    assert cold[2:9] == ["2.00", "150", "1.50", "190", "0.50", "180", "4.00×"]
    assert size[1:4] == ["output after the cold build (MB, files)", "12.3 MB", "1,606 files"]
    curve = scale_section({1000: table}, {"scale": {50000: {"s": 100.0, "mb": 900, "size_mb": 600.0,
                                                             "files": 80000}}})
    assert "| 50,000 | 100.00 | 900 | 2.00 | 600.0 | 80,000 |" in curve.splitlines()
    features = {"n": 1000, "fraction": 0.3, "pairs": 3, "missing": ["search"],
                "cold": {"s": 3.0, "mb": 160}, "new": {"failed": "exit 1: bad"}}
    text = features_section({1000: table}, {"features": features})
    assert "**Not available in this engine** (its key is reported as unknown" in text and "search." in text
    assert "| 1 cold build (no cache, empty output) | 2.00 | 3.00 | 160 | 1.50× |" in text.splitlines()
    assert "**failed**: exit 1: bad" in text
