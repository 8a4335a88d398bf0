"""sitegen: the engine of our German finance news site generator.

``engine.Engine`` runs one build for ``build`` and ``serve``: config →
sources → front matter + Markdown → site model → page plan → templates →
validation → publish.  The stages live in the sub-packages in that order
(``config``, ``content``, ``site``, ``render``, ``output``); ``pipeline`` holds
the stage order, ``store`` what is kept between builds, ``preview`` and
``cli`` the two commands.  README.md follows one article through them.
"""
