"""cases: see ontology/README.md."""
