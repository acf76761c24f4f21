"""What each committed write changed, carried to the GUI thread for the views to refresh.

Anki's `OpChanges` / `operation_did_execute`: the vault hands every committed write's
`Changes` to its subscribers on the thread that wrote; the relay queues it to the GUI
thread and `changed` tells every view, which refreshes only what it shows. No view has to
know who wrote (a dialog, another view, an import) or be refreshed by hand afterwards.

Changes that arrive close together (an import stores one file per write) are merged and
delivered once per `MERGE_MS`, so a long import refreshes the views a few times a second
rather than once per file.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from evidence_app.core.vault_service import NO_CHANGES, Changes, Vault

MERGE_MS = 100


class ChangeRelay(QObject):
    changed = Signal(object)  # Changes, on the GUI thread

    # Emitted on the writing thread; queued, so `_arrived` runs on the GUI thread.
    _posted = Signal(object, object)  # the vault that wrote, Changes

    def __init__(self) -> None:
        super().__init__()
        self._vault: Vault | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._pending = NO_CHANGES
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MERGE_MS)
        self._timer.timeout.connect(self._deliver)
        self._posted.connect(self._arrived, Qt.ConnectionType.QueuedConnection)

    def attach(self, vault: Vault) -> None:
        """Listen to `vault` (and to no other) from now on."""
        self.detach()
        self._vault = vault
        self._unsubscribe = vault.subscribe(lambda changes: self._posted.emit(vault, changes))

    def detach(self) -> None:
        """Stop listening; what is still on its way is dropped (the views were cleared)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._vault, self._unsubscribe = None, None
        self._pending = NO_CHANGES
        self._timer.stop()

    def _arrived(self, vault: Vault, changes: Changes) -> None:
        if vault is not self._vault:  # written before a lock, arriving after it
            return
        self._pending |= changes
        if not self._timer.isActive():
            self._timer.start()

    def _deliver(self) -> None:
        changes, self._pending = self._pending, NO_CHANGES
        if changes:
            self.changed.emit(changes)
