"""Pipeline components; importing a module registers its components."""
