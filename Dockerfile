# syntax=docker/dockerfile:1
# Kuzet in a container: `docker compose up -d` (see compose.yaml and docs/deploy.md).
# Stage 1 builds wheels for Kuzet and every dependency; stage 2 installs only those wheels
# into a venv, without compilers, caches or the source tree. The model, lexicons, reply
# templates and migrations are package data, so they are inside the image.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY moderation ./moderation
COPY classifiers ./classifiers
COPY migrations ./migrations
RUN python -m pip wheel --wheel-dir /wheels .

FROM ${PYTHON_IMAGE} AS runtime
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    python -m venv /opt/kuzet \
    && /opt/kuzet/bin/pip install --no-index --find-links /wheels kuzet \
    && useradd --system --uid 10001 --home-dir /var/lib/kuzet --create-home \
       --shell /usr/sbin/nologin kuzet \
    && mkdir -p /etc/kuzet
# The mounted config may say anything about [http]: these win, so the health check and the
# published port always agree with what Kuzet listens on.
ENV PATH=/opt/kuzet/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NUMBA_CACHE_DIR=/var/lib/kuzet/numba-cache \
    KUZET_HTTP_HOST=0.0.0.0 \
    KUZET_HTTP_PORT=8080
USER kuzet
WORKDIR /var/lib/kuzet
VOLUME ["/var/lib/kuzet"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['KUZET_HTTP_PORT']}/healthz\", timeout=4)"]
ENTRYPOINT ["kuzet"]
CMD ["run", "--config", "/etc/kuzet/config.toml"]
