"""The RDF family: one interface (base.py), embedded Oxigraph and a SPARQL 1.1 server behind it, the queries in worker processes, their answers' formats, and the quads a briefing becomes."""
