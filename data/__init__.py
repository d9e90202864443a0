"""alignkg's documented cases, installed as the package ``alignkg_data``.

The folder is ``data/`` in the repository; pyproject.toml maps it to ``alignkg_data`` so
that a wheel carries it and ``importlib.resources`` finds it in any install
(``ontology.files.data_file``). Only ``cases.json`` ships.
"""
