"""Everything kept between builds, behind one interface: ``.cache/store.sqlite3``.

One SQLite file (``db.Store``: WAL, short transactions, a busy timeout), one
integrity rule and one answer to "which code made this?":

- every value is saved with its namespace, key, version and a SHA-256
  checksum over (namespace, key, version, value); a value whose checksum or
  version does not match, or that does not decode, is missing — recomputed,
  never published.  The checksum finds damage, not forgery: the cache is
  not signed, whoever can write ``.cache/`` can write a matching checksum;
- values are bytes of a safe encoding (``codec``: positional JSON of an
  allowlist of frozen dataclasses; long HTML as plain UTF-8 after it).
  Nothing in ``.cache`` is ever executed: no pickle, no marshal, no compiled
  templates;
- versions come from ``versions.code_version(modules)``: the source of those
  modules and of every ``sitegen`` module they import (from the import
  graph), the installed versions of the libraries they import and of those
  libraries' requirements, Python; plus the codec's field lists.

====================  ==========================  ==========================================  ===================================
namespace             key                         version                                     valid while
====================  ==========================  ==========================================  ===================================
``entries``           source path                 code of ``entries.VERSION_MODULES`` (parse  the source's stat is unchanged and
                      (``content/news/x.md``)     stages), codec, time zone (+ its tz data),  older than 2 s at the last check, or
                                                  ``allow_html``                              its text has the same SHA-256
``related``           ``related``                 code of ``entries.VERSION_MODULES``, codec  its input key (slugs, tags,
                                                                                              ``related:``, order, count) is equal
``markdown``          ``allow_html`` + SHA-256    code of ``sitegen.content.markdown`` (with  always (keyed by the body text)
                      of the body text            ``slugs``; markdown-it-py, mdit-py-plugins,
                                                  python-slugify…), codec
``build``             output folder               the whole product                           no input's stat changed (2 s racy
                                                  (``versions.product_version``), codec      window), the clock has not passed
                                                                                              the next scheduled article, every
                                                                                              output file has its recorded size;
                                                                                              else pages with equal fingerprints
                                                                                              are kept
``plan``              ``plan``                    code of ``plans.VERSION_MODULES`` (the      its key (config, every visible
                                                  planner and what it imports), codec         entry's path, slug, front matter,
                                                                                              scheduled flag) is equal; pages
                                                                                              of changed bodies get new
                                                                                              fingerprints
``versions``          ``imports``,                ``versions.py`` and Python; the installed   each module's imports by its
                      ``environment``             distributions' names and versions           source's SHA-256
====================  ==========================  ==========================================  ===================================

Opening never follows or opens a special file: the store file and its
companions are ``lstat``-ed first and removed when not regular; a damaged,
truncated, foreign or locked database, or any ``sqlite3.Error``, only costs
speed (a fresh store, or values kept in memory for this run).
``Store.memory()`` (``--no-cache``) reads and writes nothing on disk.  The
folders of earlier versions (``.cache/entries``, ``.cache/markdown``,
``.cache/templates``, ``build-state-*.json``) are removed unread.

``pages.PageCache`` (rendered pages of ``serve``) lives in memory only.
``spool.Spool`` holds the pages of one build between rendering and publish:
unlinked temporary files in ``.cache/`` (the system's temporary folder with
``--no-cache``), gone when the build ends, whichever way it ends.
"""
