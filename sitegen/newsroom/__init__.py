"""The newsroom's daily commands: ``new`` (an article from an archetype) and
``schedule`` (the editorial calendar of drafts and scheduled articles)."""
