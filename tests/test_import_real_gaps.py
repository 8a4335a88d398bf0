"""What real archives showed (bench/import_check.py): embeds of other
services, tags wrapped over lines, control characters, links to anchors the
old theme made."""

from __future__ import annotations

import pytest

from conftest import run_build, write_files
from sitegen.importer import tags
from test_import import run_import

NOW = ("--now", "2024-05-01 12:00")


@pytest.mark.parametrize("source, expected", [
    ("{{< vimeo 146022717 >}}", "[Video auf Vimeo ansehen](https://vimeo.com/146022717)"),
    ("{{% vimeo 115776445 %}}", "[Video auf Vimeo ansehen](https://vimeo.com/115776445)"),
    ("{{< gist spf13 7896402 >}}", "[Code auf GitHub ansehen](https://gist.github.com/spf13/7896402)"),
    ("{% gist parkr/931c1c8d465a04042403 %}", "[Code auf GitHub ansehen](https://gist.github.com/parkr/931c1c8d465a04042403)"),
    ('{{< tweet user="Bundesbank" id="1453110110599868418" >}}',
     "[Beitrag auf X ansehen](https://x.com/Bundesbank/status/1453110110599868418)"),
    ("Mit `{{< vimeo 146022717 >}}` bettet man ein.", "Mit `{{< vimeo 146022717 >}}` bettet man ein."),
])
def test_embeds_of_other_services_become_links_outside_code_spans(source, expected):
    assert tags.convert_inline(source) == expected


def test_percent_highlight_shortcode_is_fenced_code():
    assert tags.convert_blocks("{{% highlight php %}}\n<?php echo 1;\n{{% /highlight %}}") == "```php\n<?php echo 1;\n```"


def test_a_tag_wrapped_over_two_lines_is_listed_at_its_first_line(make_site, tmp_path):
    site = make_site({})
    write_files(tmp_path / "blog", {
        "config.toml": 'baseURL = "https://alt.example.org/"\n',
        "content/post/folien.md": '+++\ntitle = "Folien"\ndate = 2012-05-08\n+++\n'
                                  "**[Vortrag](https://alt.example.org/v/)**{{%\nslideshare 12850358 %}}\n",
    })
    code, out, _ = run_import(str(tmp_path / "blog"), "--site", str(site), "--from", "hugo")
    assert code == 0, out
    assert ("content/news/2012-05-08-folien.md:8: template tag '{{% slideshare 12850358 %}}' is kept as text "
            "— replace it with Markdown or delete it") in out.splitlines()


def test_control_characters_are_replaced_noted_and_the_site_builds(make_site, tmp_path):
    site = make_site({})
    write_files(tmp_path / "blog", {
        "config.toml": 'baseURL = "https://alt.example.org/"\n',
        "content/post/zeichen.md": '+++\ntitle = "Zeichen"\ndate = 2019-10-22\n+++\n'
                                   "Zeile eins\x0bZeile zwei, it\x92s fine.\x01\n",
    })
    code, out, _ = run_import(str(tmp_path / "blog"), "--site", str(site), "--from", "hugo")
    assert code == 0, out
    text = (site / "content/news/2019-10-22-zeichen.md").read_text()
    assert text.endswith("\nZeile eins\nZeile zwei, it’s fine.\n")
    assert ("warning: 1 post: control characters replaced — content/news/2019-10-22-zeichen.md") in out.splitlines()
    run = run_build(site, *NOW)
    assert run.code == 0, run.err


def test_a_link_to_an_anchor_the_target_lacks_goes_to_its_top_and_is_listed(make_site, tmp_path):
    site = make_site({})
    write_files(tmp_path / "blog", {
        "pelicanconf.py": "SITEURL = 'https://alt.example.org'\n",
        "content/articles/2012-08-18-animation.md": "Title: Animation\nDate: 2012-08-18\n\n## Basic Animation\n\nText.\n",
        "content/articles/2013-02-16-lorenz.md": "Title: Lorenz\nDate: 2013-02-16\n\n"
            "Siehe [den Kommentar]({filename}2012-08-18-animation.md#comment-799781196) und "
            "[den Anfang]({filename}2012-08-18-animation.md#basic-animation).\n",
    })
    code, out, _ = run_import(str(tmp_path / "blog"), "--site", str(site), "--from", "pelican")
    assert code == 0, out
    text = (site / "content/news/2013-02-16-lorenz.md").read_text()
    assert text.endswith("Siehe [den Kommentar](2012-08-18-animation.md) und "
                         "[den Anfang](2012-08-18-animation.md#basic-animation).\n")
    assert ("warning: 1 post: links to a part of an imported post that it does not have now go to its top — "
            "content/news/2013-02-16-lorenz.md") in out.splitlines()
    run = run_build(site, *NOW)
    assert run.code == 0, run.err


def test_pelican_notebook_tag_becomes_the_notebooks_cells(make_site, tmp_path):
    import json
    notebook = {"nbformat": 4, "cells": [
        {"cell_type": "markdown", "source": ["# Titelzelle\n"]},
        {"cell_type": "markdown", "source": ["Die Rendite ", "steigt."]},
        {"cell_type": "code", "source": "print(1 + 1)", "outputs": [
            {"output_type": "stream", "text": ["2\n"]},
            {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}}]},
    ]}
    site = make_site({})
    write_files(tmp_path / "blog", {
        "pelicanconf.py": "SITEURL = 'https://alt.example.org'\nNOTEBOOK_DIR = 'downloads/notebooks'\n",
        "content/downloads/notebooks/Rendite.ipynb": json.dumps(notebook),
        "content/articles/2018-09-13-rendite.md": "Title: Rendite\nDate: 2018-09-13\n\n"
                                                  "Vorweg.\n\n{% notebook Rendite.ipynb cells[1:] %}\n\n"
                                                  "{% notebook Fehlt.ipynb %}\n",
    })
    code, out, _ = run_import(str(tmp_path / "blog"), "--site", str(site), "--from", "pelican")
    assert code == 0, out
    text = (site / "content/news/2018-09-13-rendite.md").read_text()
    assert text.split("---\n", 2)[2] == ("\nVorweg.\n\nDie Rendite steigt.\n\n```python\nprint(1 + 1)\n```\n\n"
                                         "```\n2\n```\n\n```\n<Figure>\n```\n\n{% notebook Fehlt.ipynb %}\n")
    lines = out.splitlines()
    assert ("content/news/2018-09-13-rendite.md:24: template tag '{% notebook Fehlt.ipynb %}' is kept as text "
            "— replace it with Markdown or delete it") in lines
    assert "warning: 1 post: pictures of notebook outputs not imported — content/news/2018-09-13-rendite.md" in lines
    run = run_build(site, *NOW)
    assert run.code == 0, run.err
