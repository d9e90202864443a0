"""alignkg's knowledge: the ontology, its store, its checks and the classifier over it.

This package knows nothing of HTTP; ``service`` and ``visualizations`` build on it.
"""

from ontology.classifier import Classification, classify

__all__ = ["Classification", "classify"]
