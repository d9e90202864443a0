"""quality: see ontology/README.md."""
