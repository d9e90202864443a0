"""text: see ontology/README.md."""
