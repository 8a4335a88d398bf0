"""Stage 4: the page plan → bytes (templates, contexts, views, SEO, media, feeds, sitemap, host files, validation)."""
