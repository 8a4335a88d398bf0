"""The page scan of ``render.validate`` finds exactly what the plain patterns
it replaced found (they tried an alternation at every character and were
the slowest part of a build); the cases that depend on the details."""

from __future__ import annotations

import random
import re

import pytest

from sitegen.render import validate
from sitegen.render.validate import scan_page, validate_page

# The patterns as they were before they were unrolled: the reference.
_IN_TAG = r"""(?:[^>"']|"[^"]*"|'[^']*')"""
REFERENCE = {
    "_TAG": re.compile(r"<(h1|script|img|source|video|audio|iframe|embed|object|input|track|link|style)\b("
                       + _IN_TAG + r"*)>", re.I),
    "_ID": re.compile(r"""<[a-zA-Z]""" + _IN_TAG + r"""*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)')"""),
    "_STYLE_ATTR": re.compile(r"""<[a-zA-Z]""" + _IN_TAG + r"""*?\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')"""),
    "_STYLE_BLOCK": re.compile(r"<style\b[^>]*>(.*?)</style>", re.I | re.S),
}
PIECES = ["<", ">", '"', "'", " ", "\n", "=", "id", "ID", "style", "Style", "h1", "H1", "img", "IMG", "src",
          "script", "ſcript", "lin\u212a", "link", "rel", "/", "a", "x", "-", "</style>", "<style>", "&gt;", "é",
          ' id="a"', " id='b'", ' style="c"', " src=//x.com/y", "<p", "<h1>", ' rel="stylesheet"']


def _soup(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_patterns_match_what_the_reference_patterns_matched(name):
    rng = random.Random(f"validate-{name}")
    fast = getattr(validate, name)
    for _ in range(20000):
        text = _soup(rng)
        want = [(m.span(), m.groups()) for m in REFERENCE[name].finditer(text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, text


@pytest.mark.parametrize("page, ids", [
    ('<p title="a id=\'x\'" id="y">', {"y": 1}),  # an id inside a quoted value is not an attribute
    ('<p data-id="x" id="y">', {"y": 1}),
    ('<p\n  id="y"><b ID="z">', {"y": 1}),  # attributes are written in lower case here
    ('<p id = \'y\' id="z">', {"y": 1}),  # the first id of a tag counts
    ('<p alt="a > b" id="y">', {"y": 1}),  # a quoted ">" does not end the tag
    ('<p alt="open id="y">', {}),  # an unclosed quote ends the search
    ('<p id=y><q id="z">', {"z": 1}),  # unquoted ids are not ours
])
def test_ids(page, ids):
    assert dict(scan_page(page).ids) == ids


def test_tags_in_any_case_and_quoted_brackets():
    scan = scan_page('<H1>x</H1><IMG alt="a > b" SRC="https://cdn.example.com/a.png"><h1 class="t">')
    assert scan.h1 == 2 and scan.loads == ("https://cdn.example.com/a.png",)


def test_style_attribute_and_block_loads():
    page = '<div\tstyle="background:url(https://x.example/a.png)"></div><STYLE>@import "//y.example/b.css";</STYLE>'
    assert scan_page(page).loads == ("https://x.example/a.png", "//y.example/b.css")
    assert len(validate_page("a.html", f"<h1>t</h1>{page}".encode(), "www.example.de")) == 2
