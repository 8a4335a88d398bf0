"""Stage 5: publish — the only package that writes the output folder."""
