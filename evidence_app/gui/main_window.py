"""The main window: unlock or create a vault, then the workspace (navigator, list, detail)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core.vault_notices import OLD_COPIES_NOTICE, TRAVEL_MODE_ON
from evidence_app.core.vault_service import Changes, Vault
from evidence_app.gui.about import AboutDialog, open_user_guide, user_guide
from evidence_app.gui.change_relay import ChangeRelay
from evidence_app.gui.dialogs import ExportDialog, ImportDialog, SettingsDialog, VerifyDialog
from evidence_app.gui.dossier_check import DossierCheckDialog
from evidence_app.gui.evidence_page import EvidencePage
from evidence_app.gui.exhibition_composer import ExhibitionComposer
from evidence_app.gui.file_dialogs import choose_files, choose_folder
from evidence_app.gui.garbage import GarbageCollector
from evidence_app.gui.i18n import set_language, tr
from evidence_app.gui.jobs import Worker
from evidence_app.gui.lock_screen import LockScreen, remember, vault_to_offer
from evidence_app.gui.records_view import KIND_TITLES, RecordsView
from evidence_app.gui.search_page import SearchPage
from evidence_app.gui.security import IdleLock, clear_copied_text
from evidence_app.gui.settings import AppSettings
from evidence_app.gui.start_screen import CreatePage, UnlockPage
from evidence_app.gui.unsaved_guard import Keeper, may_leave, withdraw_question
from evidence_app.gui.vault_settings import VaultSettingsDialog

EVIDENCE, SEARCH = "evidence", "search"
NAVIGATION = [EVIDENCE, "case", "testimony", "person", "facility", "incident", "condition"]


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None, kdf_seconds: float = 1.0) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        set_language(self.settings.language)
        self.worker = Worker()
        self.changes = ChangeRelay()  # what each committed write changed, for every view
        self.garbage = GarbageCollector(self)  # cycles collected on this thread only
        self.changes.changed.connect(self._changed)
        self.vault: Vault | None = None
        self.dialog: QDialog | None = None  # the last dialog opened, kept alive
        self.read_only_notice: QMessageBox | None = None
        self._kdf_seconds = kdf_seconds
        self._last_folder: Path | None = None  # the vault locked last, kept in memory only
        self.declarant: dict[str, str] = {}  # the dossier declarant, until the vault locks
        self.idle = IdleLock(self.settings.autolock_minutes, self.lock)
        self._app().installEventFilter(self.idle)
        self.setAcceptDrops(True)
        self._build()
        self._restore_layout()
        self._show_start()

    @staticmethod
    def _app() -> QCoreApplication:
        app = QApplication.instance()
        assert app is not None, "a QApplication must exist before the window"
        return app

    # -- building (again when the language changes) ---------------------------------------

    def _build(self) -> None:
        self.setWindowTitle("Evidence App")
        self.pages = QStackedWidget()
        folder = self.settings.vault_folder
        self.unlock_page = UnlockPage(self.worker, folder)
        self.create_page = CreatePage(self.worker, folder, self._kdf_seconds)
        self.unlock_page.unlocked.connect(self.open_workspace)
        self.unlock_page.create_requested.connect(
            lambda: self.pages.setCurrentWidget(self.create_page)
        )
        self.create_page.created.connect(self.open_workspace)
        self.create_page.back.connect(lambda: self._open_another(None))
        self.lock_screen = LockScreen(self.worker)
        self.lock_screen.unlocked.connect(self.open_workspace)
        self.lock_screen.other_requested.connect(self._open_another)

        self.workspace = QWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search everything (testimonies, people, files …)"))
        self.search.returnPressed.connect(self.run_search)
        self.navigator = QListWidget()
        self.navigator.setMaximumWidth(220)
        self.content = QStackedWidget()
        self.evidence = EvidencePage(self.worker)
        self.record_views = {kind: RecordsView(self.worker, kind) for kind in NAVIGATION[1:]}
        self.search_page = SearchPage(self.worker)
        self.search_page.results.itemActivated.connect(self._open_hit)
        self.search_page.answered.connect(lambda: self.show_page(SEARCH))
        self._page_of = {EVIDENCE: self.evidence, SEARCH: self.search_page, **self.record_views}
        self._keepers: dict[str, Keeper] = {EVIDENCE: self.evidence, **self.record_views}
        for key in NAVIGATION:
            entry = QListWidgetItem(tr("Evidence") if key == EVIDENCE else tr(KIND_TITLES[key]))
            entry.setData(Qt.ItemDataRole.UserRole, key)
            self.navigator.addItem(entry)
        for page in self._page_of.values():
            self.content.addWidget(page)
        self.navigator.currentItemChanged.connect(self._navigate)
        self.body = QSplitter()
        self.body.addWidget(self.navigator)
        self.body.addWidget(self.content)
        self.body.setStretchFactor(1, 1)
        layout = QVBoxLayout(self.workspace)
        layout.addWidget(self.search)
        layout.addWidget(self.body, 1)
        for page in (self.lock_screen, self.unlock_page, self.create_page, self.workspace):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self._build_menus()

    def _build_menus(self) -> None:
        self.menuBar().clear()
        vault_menu = self.menuBar().addMenu(tr("&Vault"))
        self.import_action = self._action(
            vault_menu, tr("Import files…"), self.choose_import, "Ctrl+I"
        )
        self.import_folder_action = self._action(
            vault_menu, tr("Import a folder…"), self.choose_import_folder
        )
        self.verify_action = self._action(vault_menu, tr("Verify…"), self.open_verify)
        # Legal teams verify a dossier they received with no vault of their own.
        self.verify_dossier_action = self._action(
            vault_menu, tr("Verify a dossier…"), lambda: self.open_dossier_check()
        )
        vault_menu.addSeparator()
        self.lock_action = self._action(vault_menu, tr("Lock now"), self.lock, "Ctrl+L")
        self.vault_settings_action = self._action(
            vault_menu, tr("Vault settings…"), self.open_vault_settings
        )
        self._action(vault_menu, tr("Settings…"), self.open_settings)
        vault_menu.addSeparator()
        self._action(vault_menu, tr("Quit"), self.close, QKeySequence.StandardKey.Quit)
        export_menu = self.menuBar().addMenu(tr("&Export"))
        self.export_legal_action = self._action(
            export_menu, tr("Accountability dossier…"), lambda: self.open_export("accountability")
        )
        self.export_exhibition_action = self._action(
            export_menu, tr("Exhibition…"), lambda: self.open_export("exhibition")
        )
        self.compose_exhibition_action = self._action(
            export_menu, tr("Exhibition composer…"), self.open_composer
        )
        help_menu = self.menuBar().addMenu(tr("&Help"))
        self.guide_action = self._action(
            help_menu, tr("User guide"), open_user_guide, QKeySequence.StandardKey.HelpContents
        )
        self.guide_action.setEnabled(user_guide() is not None)
        self._action(help_menu, tr("About Evidence App"), self.open_about)
        self._vault_actions = [
            self.import_action,
            self.import_folder_action,
            self.verify_action,
            self.lock_action,
            self.vault_settings_action,
            self.export_legal_action,
            self.export_exhibition_action,
            self.compose_exhibition_action,
        ]

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- open, lock ----------------------------------------------------------------------

    def _show_start(self) -> None:
        for action in self._vault_actions:
            action.setEnabled(False)
        folder = self._last_folder or vault_to_offer(self.settings)
        if folder is not None and self.lock_screen.show_vault(folder):
            self.pages.setCurrentWidget(self.lock_screen)
            self.lock_screen.secret.setFocus()
        elif folder is not None:  # its vault.json cannot be read: the full page says why
            self._open_another(folder)
        else:
            self.pages.setCurrentWidget(self.create_page)

    def _open_another(self, folder: Path | None) -> None:
        self.unlock_page.show_folder(folder, self.settings.recent_vaults)
        self.pages.setCurrentWidget(self.unlock_page)

    def open_workspace(self, vault: Vault) -> None:
        self.vault = vault
        self.changes.attach(vault)
        self._last_folder = vault.path
        remember(self.settings, vault)
        for action in self._vault_actions:
            action.setEnabled(True)
        self.evidence.set_vault(vault)
        for view in self.record_views.values():
            view.set_vault(vault)
        self.search_page.set_vault(vault)
        self.pages.setCurrentWidget(self.workspace)
        self.navigator.setCurrentRow(0)
        self.setWindowTitle(f"Evidence App — {vault.display_name}")
        self.idle.start()
        if vault.read_only_reason is not None:
            self.setWindowTitle(f"Evidence App — {vault.display_name} ({tr('read-only')})")
            # Window-modal and non-blocking: the keeper reads it over the workspace.
            self.read_only_notice = QMessageBox(
                QMessageBox.Icon.Warning,
                tr("The vault is open read-only"),
                vault.read_only_reason,
                QMessageBox.StandardButton.Ok,
                self,
            )
            self.read_only_notice.open()
        if vault.notices:  # shown once: the workspace is rebuilt when settings change
            notice = QMessageBox(
                QMessageBox.Icon.Warning,
                tr("Evidence App"),
                "\n\n".join(notice.render(tr) for notice in vault.notices),
                parent=self,
            )
            vault.notices.clear()
            notice.open()
            self.dialog = notice

    def lock(self) -> None:
        """Forget everything decrypted (rows, pictures, editors) and return at once.

        Running jobs are cancelled and whatever they still return is dropped; the vault
        closes on the worker once they have stopped (an export stops at its next step and
        removes what it staged). The event loop never waits for them."""
        if self.vault is None:
            return
        self.idle.stop()
        withdraw_question()  # locking never waits for an answer
        lost = any(keeper.unsaved() for keeper in self._keepers.values())
        vault, self.vault = self.vault, None
        self.changes.detach()
        self.worker.abandon_all()
        self.worker.after_all(vault.close)
        working_on_vault = (
            ImportDialog,
            VerifyDialog,
            ExportDialog,
            VaultSettingsDialog,
            ExhibitionComposer,
        )
        if isinstance(self.dialog, working_on_vault):
            self.dialog.reject()  # it works on the vault
        self.evidence.set_vault(None)
        for view in self.record_views.values():
            view.set_vault(None)
        self.search_page.set_vault(None)
        self.search.clear()
        self.declarant.clear()
        clear_copied_text()
        self.setWindowTitle("Evidence App")
        self._show_start()
        self.lock_screen.message.setText(
            tr("The vault was locked.")
            + (" " + tr("Unsaved changes were discarded when the vault locked.") if lost else "")
        )

    @property
    def is_locked(self) -> bool:
        return self.vault is None

    # -- navigation and search -----------------------------------------------------------

    # Another page hides a page without closing it: what is typed there waits for the person
    # to come back. What would replace it (a search hit opened there) asks first.
    def _navigate(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if current is not None:
            self.content.setCurrentWidget(self._page_of[current.data(Qt.ItemDataRole.UserRole)])

    def show_page(self, key: str) -> None:
        if key == SEARCH:
            self.navigator.clearSelection()
            self.content.setCurrentWidget(self.search_page)
            return
        self.navigator.setCurrentRow(NAVIGATION.index(key))

    def run_search(self) -> None:
        if self.vault is not None:
            self.search_page.search(self.search.text().strip())

    def _changed(self, changes: Changes) -> None:
        """A write committed: every view refreshes what it shows of it."""
        self.evidence.apply_changes(changes)
        for view in self.record_views.values():
            view.apply_changes(changes)
        self.search_page.apply_changes(changes)

    def _open_hit(self, entry: QListWidgetItem) -> None:
        self.open_record(*entry.data(Qt.ItemDataRole.UserRole))

    def open_record(self, kind: str, ref: str) -> None:
        """Show the item or record `ref` on its page; first, what is typed there."""
        key = EVIDENCE if kind in ("item", "evidence") else kind
        if key not in self._keepers:
            return
        self.show_page(key)
        if not may_leave(self, self._keepers[key], lambda: self.open_record(kind, ref)):
            return
        if key == EVIDENCE:  # an evidence link is named by the item's SHA-256
            self.evidence.show_item_by_id(ref)
        else:
            self.record_views[key].refresh(select=ref)

    # -- operations ----------------------------------------------------------------------

    def choose_import(self) -> None:
        files = choose_files(self, tr("Import files"))
        if files:
            self.open_import([Path(f) for f in files])

    def choose_import_folder(self) -> None:
        folder = choose_folder(self, tr("Import a folder"))
        if folder:
            self.open_import([Path(folder)])

    def open_import(self, paths: list[Path]) -> ImportDialog | None:
        if self.vault is None:
            return None
        dialog = ImportDialog(self, self.worker, self.vault, paths)
        dialog.show()
        self.dialog = dialog
        return dialog

    def open_verify(self) -> VerifyDialog | None:
        if self.vault is None:
            return None
        dialog = VerifyDialog(self, self.worker, self.vault)
        dialog.show()
        self.dialog = dialog
        return dialog

    def open_dossier_check(self, path: Path | None = None) -> DossierCheckDialog:
        dialog = DossierCheckDialog(self, self.worker, path)
        dialog.show()
        self.dialog = dialog
        if path is not None:
            dialog.start()
        return dialog

    def open_export(self, kind: str) -> ExportDialog | None:
        if self.vault is None:
            return None
        dialog = ExportDialog(self, self.worker, self.vault, kind, self.declarant)
        dialog.show()
        self.dialog = dialog
        return dialog

    def open_composer(self, case_ref: str | None = None) -> ExhibitionComposer | None:
        if self.vault is None:
            return None
        dialog = ExhibitionComposer(self, self.worker, self.vault, case_ref)
        dialog.show()
        self.dialog = dialog
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self, self.settings)
        dialog.accepted.connect(self.apply_settings)
        dialog.show()
        self.dialog = dialog
        return dialog

    def open_vault_settings(self) -> VaultSettingsDialog | None:
        if self.vault is None:
            return None
        dialog = VaultSettingsDialog(self, self.worker, self.vault, self._kdf_seconds)
        vault = self.vault
        dialog.slots_changed.connect(lambda: remember(self.settings, vault))
        dialog.travel_mode_on.connect(self._travel_mode_on)
        dialog.show()
        self.dialog = dialog
        return dialog

    def _travel_mode_on(self, removed: int) -> None:
        """Travel mode means this laptop no longer opens the vault, nor leads to it: the
        vault closes as a lock closes it, and its folder is forgotten, in memory too (the
        settings forgot it when its slots changed, see `remember`)."""
        self._last_folder = None
        self.lock()
        notice = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Travel mode is on."),
            tr(TRAVEL_MODE_ON).format(count=removed) + "\n\n" + tr(OLD_COPIES_NOTICE),
            parent=self,
        )
        notice.open()
        self.dialog = notice

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self, self.vault.path if self.vault else self.settings.vault_folder)
        dialog.show()
        self.dialog = dialog
        return dialog

    # -- the window's shape, remembered (never its content) -------------------------------

    def _layout_parts(self) -> dict[str, Any]:
        return {
            "splitter/workspace": self.body,
            "splitter/evidence": self.evidence.splitter,
            "splitter/item": self.evidence.detail.splitter,
            "header/evidence": self.evidence.table.horizontalHeader(),
        }

    def _restore_layout(self) -> None:
        geometry = self.settings.layout("window")
        if geometry is None or not self.restoreGeometry(geometry):
            # First start: most of the screen, whatever its size, rather than a fixed size.
            screen = self.screen().availableGeometry()
            self.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
        for name, part in self._layout_parts().items():
            state = self.settings.layout(name)
            if state is not None:
                part.restoreState(state)

    def _save_layout(self) -> None:
        self.settings.set_layout("window", self.saveGeometry())
        for name, part in self._layout_parts().items():
            self.settings.set_layout(name, part.saveState())
        self.settings.sync()

    def apply_settings(self) -> None:
        self.idle.set_minutes(self.settings.autolock_minutes)
        if self.idle.active:
            self.idle.start()
        set_language(self.settings.language)
        vault = self.vault
        old = self.pages
        self._save_layout()
        self._build()
        self._restore_layout()
        old.deleteLater()
        if vault is not None:
            self.open_workspace(vault)
        else:
            self._show_start()

    # -- drag and drop, closing ----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Into an open vault a drop imports; with none open, a dropped dossier is verified."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.vault is not None:
            self.open_import(paths)
        elif len(paths) == 1:
            self.open_dossier_check(paths[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        for key, keeper in self._keepers.items() if self.vault is not None else []:
            if keeper.unsaved() is not None:
                self.show_page(key)  # the person sees what they are asked about
            if not may_leave(self, keeper, self.close):
                event.ignore()
                return
        self._save_layout()
        self.lock()
        self.worker.shutdown()
        self._app().removeEventFilter(self.idle)
        super().closeEvent(event)
