"""Stage 2: one source file → one ``Entry`` (sources, front matter, dates, slugs, Markdown); only facts of that file."""
