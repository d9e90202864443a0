"""classifier: see ontology/README.md."""
