# The Briefgraph app for production: gunicorn serving the Flask app, wired to Neo4j by
# docker-compose.yml. Build: docker compose build.
FROM python:3.13-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY briefgraph briefgraph
COPY ontology ontology
COPY ingest ingest
COPY store store
COPY exports exports
COPY webapp webapp
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[server]'

# The browser libraries the pages load (Cytoscape.js), from npm as package.json pins them.
FROM node:20-slim AS vendor
WORKDIR /vendor
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.13-slim
RUN useradd --create-home --uid 10001 briefgraph && mkdir /data && chown briefgraph /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY --from=vendor /vendor/node_modules /opt/briefgraph/node_modules
USER briefgraph
ENV BRIEFGRAPH_DATA_DIR=/data BRIEFGRAPH_VENDOR_DIR=/opt/briefgraph/node_modules
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60", "briefgraph.webapp:create_app()"]
