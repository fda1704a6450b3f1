# One image for every notaledger process: the API (granian), the SSE server (gunicorn), the
# projection worker and the checkpoint signer (the notaledger command line).
# The web pages' NL Design System CSS, installed from the npm registry in a stage of its own
# (never copied into the repository); the image takes only the two files it serves.
FROM node:20-bookworm-slim AS assets
WORKDIR /assets
COPY api/web/frontend/package.json api/web/frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund \
 && mkdir vendor \
 && cp node_modules/@rijkshuisstijl-community/components-css/dist/index.css vendor/components.css \
 && cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css \
       vendor/theme-voorbeeld.css

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 notaledger \
 && useradd --system --uid 10001 --gid notaledger --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin notaledger

WORKDIR /app
COPY pyproject.toml README.md ./
COPY domain ./domain
COPY projections ./projections
COPY adapters ./adapters
COPY api ./api
COPY --from=assets /assets/vendor ./api/web/static/vendor

# pyproject.toml pins every dependency (==); test_compose checks the pins are the versions
# the tests ran with.
RUN pip install . \
 && mkdir -p /app/var /var/lib/notaledger/signer /var/lib/notaledger/witness \
              /var/lib/notaledger/outbox \
 && chown notaledger:notaledger /app/var /var/lib/notaledger/signer /var/lib/notaledger/witness \
              /var/lib/notaledger/outbox

USER notaledger
EXPOSE 8000
CMD ["granian", "--interface", "wsgi", "--factory", "--host", "0.0.0.0", "--port", "8000", \
     "--workers", "4", "--blocking-threads", "4", "--respawn-failed-workers", "--no-ws", \
     "api.http.app:create_app"]
