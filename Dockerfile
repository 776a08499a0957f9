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

FROM python:3.13-slim
RUN useradd --create-home --uid 10001 briefgraph && mkdir /data && chown briefgraph /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER briefgraph
ENV BRIEFGRAPH_DATA_DIR=/data
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60", "briefgraph.webapp:create_app()"]
