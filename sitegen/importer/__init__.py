"""Import an archive from another generator: ``python build.py import SOURCE``.

Stages, each a module: ``detect`` (which generator, its settings), ``reading``
(front matter in YAML, TOML, JSON or Pelican headers), ``when`` (every date
shape to Berlin wall time), ``mapping`` (their keys to ours), ``permalinks``
(each post's old URL), ``bodies`` (template tags, links, images), ``plan``
(which files to write; never overwrite) and ``report`` (what the editor reads).
``run.import_archive`` ties them together.
"""
