"""Stage 3: all entries → the linked site model and the page plan (visibility, model, related, urls, planner, links, legal)."""
