"""Stage 1: the site's settings — ``config.yaml`` read, typed and checked (``settings``, ``reader``, ``yamltext``)."""
