"""Template tags in bodies: converted where the meaning is clear, else kept and listed."""

from __future__ import annotations

import pytest

from conftest import write_files
from sitegen.importer import tags
from test_import import run_import


@pytest.mark.parametrize("source, expected", [
    ("{% highlight ruby linenos %}\n# x\n{% endhighlight %}", "```ruby\n# x\n```"),
    ("{%- highlight js -%}\na()\n{%- endhighlight -%}", "```js\na()\n```"),
    ('{{< highlight go "linenos=table" >}}\nfunc()\n{{< /highlight >}}', "```go\nfunc()\n```"),
    ("{% codeblock Titel lang:python %}\nprint(1)\n{% endcodeblock %}", "```python\nprint(1)\n```"),
    ("{% highlight md %}\n```\ninner\n```\n{% endhighlight %}", "````md\n```\ninner\n```\n````"),
    ("{% raw %}{{ not a tag }}{% endraw %}", "{{ not a tag }}"),
])
def test_code_blocks(source, expected):
    assert tags.convert_blocks(source) == expected


@pytest.mark.parametrize("source, expected", [
    ("{{< youtube dQw4w9WgXcQ >}}", "[Video auf YouTube ansehen](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"),
    ('{{< youtube id="dQw4w9WgXcQ" >}}', "[Video auf YouTube ansehen](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"),
    ("{% youtube dQw4w9WgXcQ %}", "[Video auf YouTube ansehen](https://www.youtube.com/watch?v=dQw4w9WgXcQ)"),
    ('{{< figure src="a.png" alt="Kurs" >}}', "![Kurs](a.png)"),
    ('{{< img src="a.png" title="T" >}}', "![](a.png)\n*T*"),
    ("{% img right /i/a.png 200 100 'Titel' 'Alt Text' %}", "![Alt Text](/i/a.png)"),
    ("{{ site.baseurl }}/x/ und {{ site.url }}{{ site.baseurl }}/y/", "/x/ und /y/"),
    ("[a]({{ '/ueber/' | relative_url }})", "[a](/ueber/)"),
    ("{% include note.html %}", "{% include note.html %}"),
])
def test_inline_tags(source, expected):
    assert tags.convert_inline(source) == expected


def test_tags_inside_code_are_not_touched_or_listed(make_site, tmp_path):
    site = make_site({})
    write_files(tmp_path / "blog", {
        "_config.yml": "title: x\n",
        "_posts/2024-04-25-a.md": "---\ntitle: A\n---\n```liquid\n{% include x.html %}\n```\n\n{{ page.foo }}\n",
        "_posts/2024-04-26-b.md": "---\ntitle: B\n---\n[A]({% link _posts/2024-04-25-a.md %}) "
                                  "{% post_link 2024-04-25-a %} {% post_link 2024-04-25-a 'Text A' %}\n",
    })
    code, out, _ = run_import(str(tmp_path / "blog"), "--site", str(site))
    text = (site / "content/news/2024-04-25-a.md").read_text()
    assert text.endswith("```liquid\n{% include x.html %}\n```\n\n{{ page.foo }}\n")
    assert out.splitlines()[0] == ("content/news/2024-04-25-a.md:12: template tag '{{ page.foo }}' is kept as text "
                                   "— replace it with Markdown or delete it")
    assert "{% include" not in out
    assert (site / "content/news/2024-04-26-b.md").read_text().endswith(
        "[A](2024-04-25-a.md) [A](2024-04-25-a.md) [Text A](2024-04-25-a.md)\n")
