"""Opening the database: URL forms, SQLite's transaction recipe, migrations at start."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger(__name__)

DEFAULT_SQLITE_PATH = "cooloff.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str | None) -> str:
    """Accept plain `sqlite:///…` and `postgresql://…` URLs and give them an async driver.

    With no URL, a SQLite file `cooloff.db` in the working directory is used.
    """
    if not url:
        url = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.drivername in {"sqlite", "sqlite+pysqlite"}:
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif (
        backend == "postgresql"
        and parsed.drivername
        in {
            "postgresql",
            "postgres",
            "postgresql+psycopg2",
        }
    ) or parsed.drivername == "postgres":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def safe_url(url: str) -> str:
    """The URL with its password hidden, for logs."""
    return make_url(url).render_as_string(hide_password=True)


class Database:
    """One engine for the whole process; built by the composition root, disposed at exit."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"echo": echo}
        if not self.is_sqlite:
            kwargs.update(pool_size=5, max_overflow=5, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _sqlite_recipe(self.engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> AsyncSession:
        return self.sessions()

    async def migrate(self, revision: str = "head") -> None:
        """Bring the schema to the newest revision (idempotent; runs at every start); tests
        of one migration stop at its `revision`."""
        async with self.engine.connect() as conn:
            if self.is_sqlite:
                # Alembic rebuilds a SQLite table to change its keys (copy, drop, rename); with
                # foreign keys on, dropping `users` would cascade into every row that points at
                # it. The pragma only takes effect outside a transaction, hence the driver.
                await _driver_pragma(conn, "PRAGMA foreign_keys=OFF")
            try:
                await conn.run_sync(_upgrade, revision)
                await conn.commit()
            except BaseException:
                if self.is_sqlite:
                    await conn.invalidate()  # never back to the pool with the keys off
                raise
            if self.is_sqlite:
                await _driver_pragma(conn, "PRAGMA foreign_keys=ON")
        log.info("database ready at %s", safe_url(self.url))

    async def reachable(self) -> bool:
        """One round trip (`SELECT 1`); False while the database cannot be reached."""
        from sqlalchemy import text

        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            if is_outage(exc):
                return False
            raise
        return True

    async def erase_traces(self) -> None:
        """After a deletion: leave no copy of the erased rows in the database's files.

        On SQLite, `secure_delete` (set on every connection) zeroes the deleted content, but
        the write-ahead log still holds the pages as they were before; a TRUNCATE checkpoint
        copies the zeroed pages into the main file and empties the log. PostgreSQL keeps dead
        row versions until VACUUM (docs/privacy.md); nothing is done here for it.
        """
        if not self.is_sqlite:
            return
        async with self.engine.connect() as conn:
            # Outside any transaction (the begin recipe would open one): a checkpoint cannot
            # run inside one.
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _, _ = await cursor.fetchone() or (0, 0, 0)
            await cursor.close()
        if busy:
            # Another connection was reading; SQLite finishes the job at a later checkpoint.
            log.warning("wal checkpoint after a deletion was busy; it completes later")

    async def dispose(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _upgrade(connection: Connection, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)
    if connection.dialect.name == "sqlite":
        # The keys were off while tables were rebuilt: refuse to commit a broken reference.
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} broken foreign keys")


async def _driver_pragma(conn: AsyncConnection, pragma: str) -> None:
    """Run a SQLite pragma on the driver connection, outside SQLAlchemy's transaction."""
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    cursor = await driver.execute(pragma)
    await cursor.close()


def _sqlite_recipe(engine: AsyncEngine) -> None:
    """SQLAlchemy's documented recipe for real SQLite transactions, plus WAL.

    pysqlite/aiosqlite otherwise issue BEGIN lazily (or not at all), so SELECT-then-UPDATE
    is not isolated. Every transaction starts with BEGIN IMMEDIATE: it takes the write lock
    up front, which is what lets two processes share one file without lost updates (SQLite
    has no SKIP LOCKED), and busy_timeout makes the second writer wait instead of failing.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not just unlinked: what /delete erased
        # must not stay readable in the file's free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class StorageUnavailable(Exception):
    """The database cannot be reached right now (down, restarting, network cut).

    Raised by the engine instead of answering "something went wrong", so the inbox can keep
    the message and handle it once the database is back.
    """


def is_outage(exc: BaseException) -> bool:
    """True when `exc` means the database is unreachable, not that a query was wrong.

    asyncpg's refused connections surface as OSError (wrapped or not), dropped ones as
    DBAPIError with `connection_invalidated`, a full pool as SQLAlchemy's TimeoutError; a
    locked or unopenable SQLite file is an OperationalError.
    """
    from sqlalchemy import exc as sa

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StorageUnavailable | OSError | sa.TimeoutError):
            return True
        if isinstance(current, sa.DBAPIError) and (
            current.connection_invalidated
            or isinstance(current, sa.OperationalError | sa.InterfaceError)
        ):
            return True
        if type(current).__module__.startswith("asyncpg") and type(current).__name__ in {
            "ConnectionDoesNotExistError",
            "CannotConnectNowError",
            "ConnectionFailureError",
            "InterfaceError",
            "AdminShutdownError",
            "CrashShutdownError",
        }:
            return True
        current = current.__cause__ or current.__context__
    return False
