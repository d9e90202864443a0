"""terms: see ontology/README.md."""
