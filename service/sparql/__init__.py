"""The SPARQL 1.1 endpoint, split by step: parse the request (``protocol``), check it
(``safety``), plan writes (``updates``), run reads in killable worker processes
(``workers``), and serialize (``results``); plus the service description."""
