"""The property graph family: one interface (base.py), FalkorDB and Neo4j behind it, the Cypher both accept, and the rows a briefing becomes."""
