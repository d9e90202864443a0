"""alignkg's knowledge: the ontology, its store, its checks and the classifier over it.

This package knows nothing of HTTP; ``service`` and ``visualizations`` build on it.
Importing it loads nothing: each room (``store``, ``classifier``, ``text``, ``cases``,
``terms``, ``quality``) is imported where it is used. See ``ontology/README.md``.
"""
