"""Settings from the environment (or a `.env` file beside the working directory).

Secrets are read here and nowhere else, and never logged: `describe()` masks them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; comments and blank lines ignored, quotes stripped."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    encryption_key: str | None = None
    telegram_token: str | None = None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = "0.0.0.0"
    telegram_webhook_port: int = 8443
    telegram_webhook_secret: str | None = None
    discord_token: str | None = None
    discord_guild_id: int | None = None
    # A self-hosted proxy or a stand-in Discord (tests); unset means Discord itself.
    discord_api_base_url: str | None = None  # DISCORD_API_BASE_URL, e.g. http://host/api/v10
    discord_gateway_url: str | None = None  # DISCORD_GATEWAY_URL, e.g. ws://host/gateway
    log_level: str = "INFO"
    # For black-box tests of the real process; documented in the README, unset in production.
    clock_file: str | None = None  # COOLOFF_CLOCK_FILE: seconds to add to the system clock
    scheduler_interval: float = 5.0  # COOLOFF_SCHEDULER_INTERVAL: seconds between ticks

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, dotenv: Path | None = None
    ) -> Settings:
        env: dict[str, str] = read_dotenv(dotenv or Path(".env"))
        env.update(os.environ if environ is None else environ)

        def get(key: str) -> str | None:
            value = env.get(key, "").strip()
            return value or None

        guild = get("DISCORD_GUILD_ID")
        interval = get("COOLOFF_SCHEDULER_INTERVAL")
        port = get("TELEGRAM_WEBHOOK_PORT")
        return cls(
            database_url=get("DATABASE_URL"),
            encryption_key=get("COOLOFF_ENCRYPTION_KEY"),
            telegram_token=get("TELEGRAM_BOT_TOKEN"),
            telegram_api_base_url=get("TELEGRAM_API_BASE_URL"),
            telegram_webhook_url=get("TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_listen=get("TELEGRAM_WEBHOOK_LISTEN") or "0.0.0.0",
            telegram_webhook_port=int(port) if port and port.isdigit() else 8443,
            telegram_webhook_secret=get("TELEGRAM_WEBHOOK_SECRET"),
            discord_token=get("DISCORD_BOT_TOKEN"),
            discord_guild_id=int(guild) if guild and guild.isdigit() else None,
            discord_api_base_url=get("DISCORD_API_BASE_URL"),
            discord_gateway_url=get("DISCORD_GATEWAY_URL"),
            log_level=(get("LOG_LEVEL") or "INFO").upper(),
            clock_file=get("COOLOFF_CLOCK_FILE"),
            scheduler_interval=_positive(interval, 5.0),
        )


def _positive(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default
