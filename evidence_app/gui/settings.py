"""The app's settings: plain preferences that hold no secret and no content.

Stored with QSettings (the platform's usual place). Only the language, the auto-lock delay,
the folder of the default vault, the folders of recently opened vaults (unless switched off)
and the shape of the window (size, splitters, columns); never a passphrase, a name from the
vault or a path of evidence.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from evidence_app.core.unlocking import default_vault_dir

DEFAULT_AUTOLOCK_MINUTES = 10
RECENT_VAULTS = 5


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings("EvidenceApp", "EvidenceApp")

    @property
    def language(self) -> str:
        return str(self._store.value("language", "en"))

    @language.setter
    def language(self, value: str) -> None:
        self._store.setValue("language", value)

    @property
    def autolock_minutes(self) -> int:
        try:
            return max(1, int(str(self._store.value("autolock_minutes", DEFAULT_AUTOLOCK_MINUTES))))
        except ValueError:
            return DEFAULT_AUTOLOCK_MINUTES

    @autolock_minutes.setter
    def autolock_minutes(self, value: int) -> None:
        self._store.setValue("autolock_minutes", max(1, int(value)))

    @property
    def vault_folder(self) -> Path:
        stored = self._store.value("vault_folder", "")
        return Path(str(stored)) if stored else default_vault_dir()

    @vault_folder.setter
    def vault_folder(self, value: Path) -> None:
        self._store.setValue("vault_folder", str(value))

    @property
    def remember_recent(self) -> bool:
        return str(self._store.value("remember_recent_vaults", "true")).lower() == "true"

    @remember_recent.setter
    def remember_recent(self, value: bool) -> None:
        self._store.setValue("remember_recent_vaults", "true" if value else "false")
        if not value:
            self._store.remove("recent_vaults")

    @property
    def recent_vaults(self) -> list[Path]:
        """Folders of vaults opened lately, the latest first (folders only, nothing else)."""
        stored = self._store.value("recent_vaults", [])
        entries = [stored] if isinstance(stored, str) else stored
        if not isinstance(entries, list):
            return []
        return [Path(str(entry)) for entry in entries if str(entry)][:RECENT_VAULTS]

    def remember_vault(self, folder: Path) -> None:
        if not self.remember_recent:
            return
        folders = [folder, *(old for old in self.recent_vaults if old != folder)]
        self._store.setValue("recent_vaults", [str(path) for path in folders[:RECENT_VAULTS]])
        self._store.sync()

    def forget_vault(self, folder: Path) -> None:
        """Take a folder off the list (a vault in travel mode must not be findable here)."""
        remaining = [str(path) for path in self.recent_vaults if path != folder]
        if len(remaining) != len(self.recent_vaults):
            if remaining:
                self._store.setValue("recent_vaults", remaining)
            else:
                self._store.remove("recent_vaults")
            self._store.sync()

    def layout(self, name: str) -> QByteArray | None:
        """A saved window geometry or splitter/header state, or None."""
        value = self._store.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_layout(self, name: str, state: QByteArray) -> None:
        self._store.setValue(f"layout/{name}", state)

    def sync(self) -> None:
        self._store.sync()
