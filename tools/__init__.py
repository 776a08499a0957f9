"""Development tooling the tests and `make` use (Cypher linting, the statement catalogue, the check
for leftover processes): importable from the repository root, not part of the installed package."""
