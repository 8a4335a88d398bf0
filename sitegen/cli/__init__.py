"""The command line's work: options in, messages out (``build.py`` parses, these run)."""
