"""Random sources never crash the import's readers: a bad file is a ``ReadError``
or a report line, never a traceback."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sitegen.importer import tags
from sitegen.importer.mapping import map_post
from sitegen.importer.reading import ReadError, read_post
from sitegen.importer.when import BERLIN, DateShapeError, parse_when

PIECES = st.sampled_from(["---", "+++", "{", "}", "title: x", 'title = "x"', "date: 2024-04-25 5:00 +0000",
                          "date = 2024-04-25T05:00:00Z", "tags: a", "tags: [a, b", '"title": "x",', "Title: y",
                          "{% highlight x %}", "{% endhighlight %}", "{{< youtube abcdefg >}}", "```", "~~~",
                          "![a](/b.png)", "[x]: /y", "<!-- more -->", "", " ", "\t", "a: b: c", "- x", "日本"])
SOURCES = st.lists(PIECES | st.text(max_size=20), max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(SOURCES, st.booleans(), st.booleans())
def test_any_source_is_read_or_refused(text, pelican, hexo):
    try:
        post = read_post(text, pelican=pelican, hexo=hexo)
    except ReadError as exc:
        assert exc.line >= 1 and exc.message
        return
    mapped = map_post(post, "_posts/2024-04-25-x.md", BERLIN)
    assert isinstance(mapped.title, str)
    body = tags.convert_blocks(post.body)
    assert tags.join_parts(tags.prose_parts(body)) == body
    tags.leftover_tags(tags.convert_inline(body))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.integers() | st.none())
def test_any_date_value_parses_or_is_refused(value):
    try:
        parse_when(value)
    except DateShapeError:
        pass
