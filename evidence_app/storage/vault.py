"""Vault lifecycle: create, unlock, hold open, change slots, close.

An open `Vault` owns the process lock, the keyed catalog engine, the blob store and the
identity key. All catalog writes go through `writer()`, one at a time. A vault whose catalog
does not match what vault.json recorded is opened read-only: every write is refused with the
reason until its keeper decides.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import nacl.public
import nacl.signing
import nacl.utils
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from evidence_app.crypto.aead import DecryptionFailed, open_sealed, seal
from evidence_app.crypto.identity import WrappedIdentity, unwrap_identity_any
from evidence_app.crypto.keyslots import (
    KeySlot,
)
from evidence_app.crypto.subkeys import KeyPurpose, derive_subkey
from evidence_app.crypto.transfer_key import unwrap_transfer_key_any
from evidence_app.kernel.clock import utc_now
from evidence_app.kernel.errors import (
    BadInput,
    UnknownVaultFormat,
    VaultReadOnly,
)
from evidence_app.kernel.notice import Notice
from evidence_app.storage.blob_store import BlobStore
from evidence_app.storage.catalog_engine import catalog_key, open_catalog_engine, rekey_catalog
from evidence_app.storage.changes import Changes
from evidence_app.storage.models import Blob, Identity, Setting
from evidence_app.storage.process_lock import ProcessLock
from evidence_app.storage.rekey_journal import seal_journal
from evidence_app.storage.transfer_key_store import (
    TRANSFER_KEY_SETTING,
    new_transfer_key_setting,
    stored_transfer_key,
)
from evidence_app.storage.vault_file import (
    SealedState,
    VaultFile,
    write_vault_file,
)

MIN_PASSPHRASE_CHARS = 10

# Makes a key slot from (vault id, master key, time); see crypto.keyslots.
SlotMaker = Callable[[str, bytes, str], KeySlot]

_log = logging.getLogger(__name__)


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise BadInput(
            f"A passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; "
            "several unrelated words are easy to remember and hard to guess."
        )


class Vault:
    """An unlocked vault. Use as a context manager or call `close()`."""

    def __init__(
        self,
        path: Path,
        vault_file: VaultFile,
        master_key: bytes,
        lock: ProcessLock,
        pending_key: bytes | None = None,
    ):
        self.path = path
        self._vault_file = vault_file
        # The key today's slots wrap, and while a rekey runs the key that replaces it.
        self._master_key = master_key
        self._pending_key = pending_key
        self._lock = lock
        self._write_lock = threading.RLock()
        self._engine: Engine = open_catalog_engine(
            path, catalog_key(path, self.subkeys(KeyPurpose.CATALOG))
        )
        self._read_only_reason: str | None = None
        # Storage modules only (storage.content, storage.blob_maintenance): reads outside
        # storage must be checked against the catalog, and go through them.
        self._blobs = BlobStore(
            path, self.subkeys(KeyPurpose.BLOBWRAP), before_write=self.require_writable
        )
        self._signing_key: nacl.signing.SigningKey | None = None
        # Run by close() while the vault is still open, e.g. to record the log's head.
        self.before_close: list[Callable[[Vault], None]] = []
        # Things the person must be told once the vault is open (e.g. leftovers removed).
        self.notices: list[Notice] = []  # said once to whoever opened it
        # Ids of the exports this open vault is running now; any other recorded export in
        # progress was left by a process that no longer holds the vault (core.export_staging).
        self.running_exports: set[str] = set()
        self.identity_id = 0
        self.display_name = ""
        self._subscribers: list[Callable[[Changes], None]] = []

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._signing_key is None and not self._master_key:
            return
        try:
            for hook in self.before_close:
                hook(self)
        finally:
            self.before_close = []
            self._subscribers = []
            self._engine.dispose()
            self._master_key = b""
            self._signing_key = None
            self._lock.release()

    def subkeys(self, purpose: KeyPurpose) -> tuple[bytes, ...]:
        """The sub-keys to try, the pending master key's first: new things use the first."""
        keys = (self._pending_key, self._master_key)
        return tuple(derive_subkey(key, purpose) for key in keys if key)

    @property
    def rekey_pending(self) -> bool:
        return self._pending_key is not None

    # -- read-only state ------------------------------------------------------------------

    @property
    def read_only_reason(self) -> str | None:
        """Why the vault refuses writes, for people to read; None when it accepts them."""
        return self._read_only_reason

    def make_read_only(self, reason: str) -> None:
        self._read_only_reason = reason

    def make_writable(self) -> None:
        self._read_only_reason = None

    def require_writable(self) -> None:
        if self._read_only_reason is not None:
            raise VaultReadOnly(f"Nothing was written. {self._read_only_reason}")

    # -- catalog access --------------------------------------------------------------------

    def reader(self) -> Session:
        return Session(self._engine, expire_on_commit=False)

    @contextlib.contextmanager
    def writer(self) -> Iterator[Session]:
        """The one way to write: serialised, one transaction, committed on success."""
        self.require_writable()
        with (
            self._write_lock,
            Session(self._engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    # -- change notification --------------------------------------------------------------

    def subscribe(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Call `listener` with each committed write's changes; returns the unsubscribe.

        The listener runs on the thread that wrote, right after the commit; a GUI hands the
        value over to its own thread.
        """
        self._subscribers.append(listener)
        return lambda: self._subscribers.remove(listener) if listener in self._subscribers else None

    def publish(self, changes: Changes) -> None:
        """Tell the subscribers what a committed write changed (the write path calls this)."""
        if changes:
            for listener in list(self._subscribers):
                try:
                    listener(changes)
                except Exception:
                    # The write has committed: a view that fails to hear of it must not make
                    # the service report a failure. Logged by type only, never with content.
                    _log.error("a change listener failed", exc_info=False)

    # -- identity --------------------------------------------------------------------------

    def _identity(self) -> nacl.signing.SigningKey:
        if self._signing_key is None:
            raise RuntimeError("the vault is closed")
        return self._signing_key

    def sign(self, message: bytes) -> bytes:
        """The identity key's raw Ed25519 signature of `message`; the key never leaves."""
        return self._identity().sign(message).signature

    @property
    def public_key(self) -> bytes:
        return bytes(self._identity().verify_key)

    def _load_identity(self) -> None:
        with self.reader() as session:
            row = session.scalars(select(Identity).order_by(Identity.id.desc())).first()
            if row is None:
                raise UnknownVaultFormat("The vault has no signing identity.")
            stored = WrappedIdentity(row.public_key, row.nonce, row.wrapped_seed)
            self._signing_key = unwrap_identity_any(self.subkeys(KeyPurpose.IDENTITY), stored)
            self.identity_id = row.id
            self.display_name = row.display_name

    def ensure_transfer_key(self) -> None:
        """Give a vault made before transfer keys existed its key pair."""
        if self.setting(TRANSFER_KEY_SETTING) is None:
            with self.writer() as session:
                session.add(new_transfer_key_setting(self.subkeys(KeyPurpose.IDENTITY)[0]))

    @property
    def has_transfer_key(self) -> bool:
        return self.setting(TRANSFER_KEY_SETTING) is not None

    @property
    def transfer_public_key(self) -> bytes:
        return stored_transfer_key(self.setting(TRANSFER_KEY_SETTING)).public_key

    def transfer_private_key(self) -> nacl.public.PrivateKey:
        stored = stored_transfer_key(self.setting(TRANSFER_KEY_SETTING))
        return unwrap_transfer_key_any(self.subkeys(KeyPurpose.IDENTITY), stored)

    # -- vault.json ------------------------------------------------------------------------

    @property
    def vault_id(self) -> str:
        return self._vault_file.vault_id

    @property
    def vault_file(self) -> VaultFile:
        return self._vault_file

    @property
    def slots(self) -> tuple[KeySlot, ...]:
        return self._vault_file.slots

    def replace_slots(self, slots: tuple[KeySlot, ...]) -> None:
        # Allowed on a read-only vault: slots hold no evidence and no log state, and a keeper
        # about to cross a border must be able to turn travel mode on whatever else is wrong.
        if self.rekey_pending:
            raise BadInput(
                "A rekey of this vault was interrupted; run `vault rekey` to finish it first."
            )
        if not slots:
            raise BadInput("A vault must keep at least one way to open it.")
        self._vault_file = self._vault_file.with_slots(slots)
        write_vault_file(self.path, self._vault_file)

    def holds_master_key(self, key: bytes) -> bool:
        """Whether `key` is the master key this vault is open with (or the one a rekey in
        progress replaces it by): a secret that yields it is a secret that opens this vault."""
        return any(
            hmac.compare_digest(key, held) for held in (self._master_key, self._pending_key) if held
        )

    def wrap_master_key_for(self, make_slot: SlotMaker) -> KeySlot:
        return make_slot(self.vault_id, self._master_key, utc_now())

    def seal_state(self, state: bytes) -> None:
        """Keep `state` (the last checkpoint) in vault.json, encrypted and authenticated."""
        self.require_writable()
        key = derive_subkey(self._master_key, KeyPurpose.STATE)
        nonce, ciphertext = seal(key, state, self.vault_id.encode("ascii"))
        self._vault_file = self._vault_file.with_checkpoint(SealedState(nonce, ciphertext))
        write_vault_file(self.path, self._vault_file)

    def open_state(self) -> bytes | None:
        sealed = self._vault_file.checkpoint
        if sealed is None:
            return None
        for key in self.subkeys(KeyPurpose.STATE):
            try:
                return open_sealed(
                    key, sealed.nonce, sealed.ciphertext, self.vault_id.encode("ascii")
                )
            except DecryptionFailed:
                continue
        raise UnknownVaultFormat(
            "The checkpoint in vault.json does not authenticate: it was altered."
        )

    # -- rekey (the steps are in core.rekey_service) ----------------------------------------

    def begin_rekey(self, new_key: bytes, new_slots: tuple[KeySlot, ...]) -> None:
        """Write the journal: from here on the old secrets and the new ones both open."""
        journal = seal_journal(self.vault_id, self._master_key, new_key, new_slots)
        self._vault_file = self._vault_file.with_rekey(journal)
        write_vault_file(self.path, self._vault_file)
        self._pending_key = new_key
        self._blobs.wrap_keys = self.subkeys(KeyPurpose.BLOBWRAP)

    def reopen_catalog_under_pending_key(self) -> None:
        assert self._pending_key is not None
        with self._write_lock:
            self._engine.dispose()
            new_key = derive_subkey(self._pending_key, KeyPurpose.CATALOG)
            current = catalog_key(self.path, self.subkeys(KeyPurpose.CATALOG))
            if current != new_key:
                rekey_catalog(self.path, current, new_key)
            self._engine = open_catalog_engine(self.path, new_key)

    def finish_rekey(self) -> None:
        """The one switch: vault.json keeps only the new slots; the old key is forgotten."""
        assert self._pending_key is not None and self._vault_file.rekey is not None
        state = self.open_state()
        new_key = self._pending_key
        switched = self._vault_file.with_slots(self._vault_file.rekey.slots).with_rekey(None)
        if state is not None:
            nonce, sealed = seal(
                derive_subkey(new_key, KeyPurpose.STATE), state, self.vault_id.encode("ascii")
            )
            switched = switched.with_checkpoint(SealedState(nonce, sealed))
        write_vault_file(self.path, switched)
        self._vault_file = switched
        self._master_key, self._pending_key = new_key, None
        self._blobs.wrap_keys = self.subkeys(KeyPurpose.BLOBWRAP)

    # -- settings and housekeeping ---------------------------------------------------------

    def setting(self, key: str) -> str | None:
        with self.reader() as session:
            row = session.get(Setting, key)
            return None if row is None else row.value

    def unreferenced_blob_ids(self) -> list[str]:
        """Blobs in blobs/ no catalog row references.

        A write cut short before its commit leaves one; so does a catalog put back from an
        older copy, for every item stored since — which is why they are never deleted.
        """
        with self.reader() as session:
            referenced = set(session.scalars(select(Blob.id)))
        return [blob_id for blob_id in self._blobs.stored_ids() if blob_id not in referenced]

    def quarantine_unreferenced_blobs(self) -> list[str]:
        """Move unreferenced blobs to quarantine/, where `vault recover-orphans` finds them."""
        self.require_writable()
        with self._write_lock:
            orphans = self.unreferenced_blob_ids()
            for blob_id in orphans:
                self._blobs.quarantine(blob_id)
        return orphans
