"""``build.py deploy``: copy a completely published output folder to where the site is served.

Two kinds of target (``target``): a folder or host reached by rsync
(``rsync``), or a branch of a git repository such as ``gh-pages``
(``gitbranch``).  Both compare by content, list what they add, change and
delete (``plan``), stop before removing many article pages (the removal
guard of ``build``, ``output.guard``) and deploy only what a complete build
published (``source``).
"""
