"""SSSOM mappings from alignkg's terms to other vocabularies (``README.md`` here says which).

``catalogue`` finds and merges the ``*.sssom.tsv`` files, ``sssom_tsv`` reads and writes
them, ``triples`` turns them into RDF, ``lookup`` answers questions about them, and
``rules``, ``validation`` and ``report`` check them for ``alignkg check``.
"""
