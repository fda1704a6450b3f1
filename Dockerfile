# One image for every notaledger process: the API and the SSE server (gunicorn), the
# projection worker and the checkpoint signer (the notaledger command line).
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

# pyproject.toml pins every dependency (==); test_compose checks the pins are the versions
# the tests ran with.
RUN pip install . \
 && mkdir -p /app/var \
 && chown notaledger:notaledger /app/var

USER notaledger
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "4", \
     "--threads", "4", "api.http.app:create_app()"]
