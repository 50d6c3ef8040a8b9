# Cooloff: slim image, non-root, no secrets baked in. Tokens come from the environment.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 cooloff
WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY scheduler ./scheduler
RUN pip install .

USER cooloff
WORKDIR /home/cooloff
# SQLite by default (a file in the user's home); set DATABASE_URL for PostgreSQL.
ENV DATABASE_URL=sqlite:////home/cooloff/data/cooloff.db
RUN mkdir -p /home/cooloff/data
# The detector's compiled expressions, made once here (in ~/.cache/cooloff) so that each start
# of a container reads them instead of compiling them again (bot/intent/compiled.py).
RUN echo "warming up" | cooloff classify > /dev/null
VOLUME ["/home/cooloff/data"]

CMD ["cooloff", "run"]
