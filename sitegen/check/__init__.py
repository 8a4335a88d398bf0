"""``build.py check --external``: find dead and permanently moved external links.

``collect`` finds the http(s) links of the shown articles and pages with
their file lines, ``probe`` asks one URL (HEAD, then GET), ``hosts`` keeps
the per-host limits, ``cache`` keeps answers in ``.cache/`` for
``check.external_cache_hours``, ``external`` runs them all and turns the
answers into ``Problem`` lines; ``settings`` reads the ``check:`` keys.
"""
