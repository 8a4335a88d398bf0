"""sitegen: the engine of our German finance news site generator.

One build is a pipeline of pure stages over frozen dataclasses; see
``sitegen.pipeline`` for the order and README.md for the user's view.
"""

__version__ = "0.1.0"
