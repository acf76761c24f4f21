"""The catalog: a SQLCipher 4 database reached through SQLAlchemy.

Every connection is keyed with the raw 256-bit `catalog` sub-key (no passphrase KDF inside
SQLCipher: the vault's key slots already did that work). Temporary tables and indices stay
in memory, because SQLCipher does not encrypt temporary files.

SQLite creates its files readable by everyone the umask allows, and gives `-wal` and `-shm`
the mode of the database file; so the database file is made owner-only before SQLite ever
opens it, and its companions inherit that.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from evidence_app.kernel.errors import IntegrityError, UnknownVaultFormat
from evidence_app.storage.atomic import fsync_directory

CATALOG_NAME = "catalog.db"
REQUIRED_CIPHER_MAJOR = 4


def _connect(path: Path, key: bytes, quiet: bool = False) -> Any:
    connection = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    # SQLCipher logs a failed HMAC check to stderr; trying the old and the new key while a
    # rekey is under way fails once by design. (The level is process-wide.)
    connection.execute(f"PRAGMA cipher_log_level = {'NONE' if quiet else 'WARN'}")
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return connection


def _check_cipher(connection: Any) -> None:
    row = connection.execute("PRAGMA cipher_version").fetchone()
    version = row[0] if row else ""
    if not version or not version.split(".")[0].isdigit():
        raise UnknownVaultFormat("The catalog library is not SQLCipher; refusing to continue.")
    if int(version.split(".")[0]) != REQUIRED_CIPHER_MAJOR:
        raise UnknownVaultFormat(f"The catalog needs SQLCipher 4, found {version}.")


def _make_owner_only(path: Path) -> None:
    # An empty file is an empty database to SQLite, which then keeps this file's mode.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    # Catalogs written by older versions may be readable by others.
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path.with_name(name), 0o600)


def catalog_key(vault_dir: Path, keys: tuple[bytes, ...]) -> bytes:
    """The one of `keys` the catalog opens with (while a rekey runs, the old or the new)."""
    path = vault_dir / CATALOG_NAME
    for key in keys:
        probe = _connect(path, key, quiet=len(keys) > 1)
        try:
            _check_cipher(probe)
            # The first read fails here if the key is wrong or the file is not our database.
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return key
        except sqlcipher3.DatabaseError:
            continue
        finally:
            probe.close()
    raise IntegrityError(
        "The catalog does not open with this vault's key: it is damaged or was replaced."
    )


def rekey_catalog(vault_dir: Path, old_key: bytes, new_key: bytes) -> None:
    """Copy the catalog under `new_key` and swap it in with one rename.

    `sqlcipher_export` into a new file rather than `PRAGMA rekey`, which rewrites the pages
    in place (through the WAL) and could leave a file keyed half one way after a crash. All
    engines on the catalog must be disposed first: the old file's WAL must be empty, or
    its frames would be lost with it.
    """
    path = vault_dir / CATALOG_NAME
    staging = vault_dir / (CATALOG_NAME + ".rekey")
    staging.unlink(missing_ok=True)
    _make_owner_only(staging)  # SQLite would create it readable by others
    connection = _connect(path, old_key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        quoted = str(staging).replace("'", "''")
        connection.execute(f"ATTACH DATABASE '{quoted}' AS rekeyed KEY \"x'{new_key.hex()}'\"")
        connection.execute("SELECT sqlcipher_export('rekeyed')")
        connection.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
        connection.execute("DETACH DATABASE rekeyed")
    finally:
        connection.close()
    for leftover in (CATALOG_NAME + "-wal", CATALOG_NAME + "-shm"):
        side = vault_dir / leftover
        if side.exists():
            if leftover.endswith("-wal") and side.stat().st_size:
                staging.unlink(missing_ok=True)
                raise RuntimeError("the catalog is still in use; its WAL is not empty")
            side.unlink()
    fd = os.open(staging, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(staging, path)
    fsync_directory(vault_dir)


def open_catalog_engine(vault_dir: Path, key: bytes) -> Engine:
    path = vault_dir / CATALOG_NAME
    _make_owner_only(path)
    catalog_key(vault_dir, (key,))

    engine = create_engine(
        "sqlite://",
        creator=lambda: _connect(path, key),
        module=sqlcipher3.dbapi2,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
        dbapi_connection.execute("PRAGMA synchronous = FULL")
        dbapi_connection.execute("PRAGMA temp_store = MEMORY")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA busy_timeout = 10000")

    # SQLAlchemy should issue BEGIN itself so a transaction really spans a unit of work.
    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
