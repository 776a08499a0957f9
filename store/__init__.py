"""The stores: the graph (Neo4j or FalkorDB) and the RDF store (Oxigraph or a SPARQL server)."""
