"""The reviewers' side of the archive: their accounts and their decisions on facts, kept in an
embedded database file beside the stores (data/curation.sqlite), durable on every acknowledged
write, and the overlay that applies the decisions to every extraction before it is stored."""
