"""The main window: unlock or create a vault, then the workspace (navigator, list, detail)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import records_service
from evidence_app.core.errors import EvidenceAppError
from evidence_app.core.items_service import ItemQuery
from evidence_app.core.records_service import vocabulary
from evidence_app.gui.about import AboutDialog, open_user_guide, user_guide
from evidence_app.gui.dialogs import ExportDialog, ImportDialog, SettingsDialog, VerifyDialog
from evidence_app.gui.dossier_check import DossierCheckDialog
from evidence_app.gui.evidence_model import EvidenceModel
from evidence_app.gui.file_dialogs import choose_files, choose_folder
from evidence_app.gui.i18n import format_count, language, set_language, tr
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.gui.records_view import KIND_TITLES, RecordsView
from evidence_app.gui.security import IdleLock, clear_copied_text
from evidence_app.gui.settings import AppSettings
from evidence_app.gui.start_screen import CreatePage, UnlockPage
from evidence_app.storage.vault import Vault, is_vault

EVIDENCE, SEARCH = "evidence", "search"
NAVIGATION = [EVIDENCE, "case", "testimony", "person", "facility", "incident", "condition"]


class EvidencePage(QWidget):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.model = EvidenceModel(worker)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(tr("Filter by name, camera or SHA-256 prefix"))
        # Filter once typing pauses, not at every key: with 100,000 items a text filter
        # reads every row.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(300)
        self._filter_timer.timeout.connect(lambda: self._filter(self.filter.text()))
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(68)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.detail = ItemDetail(worker)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.model.rowsInserted.connect(self._counted)
        self.model.modelReset.connect(self._counted)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.count)
        left_layout.addLayout(row)
        left_layout.addWidget(self.table)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def set_vault(self, vault: Vault | None) -> None:
        self.model.set_vault(vault)
        self.detail.set_vault(vault)

    def _filter(self, text: str) -> None:
        query = self.model.query
        self.model.set_query(ItemQuery(query.case_ref, text, query.sort, query.descending))

    def _counted(self, *_args: Any) -> None:
        self.count.setText(tr("Items: {count}").format(count=format_count(self.model.total)))

    def _chosen(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.detail.show_item(self.model.row_data(current.row())["id"])

    def show_item_by_id(self, item_id: str) -> None:
        self.detail.show_item(item_id)


class SearchPage(QWidget):
    """Results of a full-text search, narrowed by the records service's filters."""

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        self.results = QListWidget()
        self.case = QLineEdit()
        self.case.setPlaceholderText(tr("Case"))
        self.method = QComboBox()
        self.method.addItem(tr("Any method"), None)
        methods = vocabulary("methods")
        for code in methods.codes:
            self.method.addItem(methods.label(code, language()), code)
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        self.date_from.setPlaceholderText(tr("from (2023, 2023-03 …)"))
        self.date_to.setPlaceholderText(tr("to"))
        filters = QHBoxLayout()
        for widget in (self.case, self.method, self.date_from, self.date_to):
            filters.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.heading)
        layout.addWidget(self.results)

    def filters(self) -> Any:
        return records_service.search_filters(
            date_from=self.date_from.text().strip() or None,
            date_to=self.date_to.text().strip() or None,
            case=self.case.text().strip() or None,
            method=self.method.currentData(),
        )

    def show_hits(self, text: str, hits: list[Any]) -> None:
        self.heading.setText(
            tr("{count} found for “{text}”").format(count=format_count(len(hits)), text=text)
        )
        self.results.clear()
        for hit in hits:
            kind = tr(_KIND_NAMES.get(hit.kind, hit.kind))
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, (hit.kind, hit.ref))
            # Plain text too, for screen readers and for copying.
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{kind}: {hit.title}. {hit.snippet}")
            label = QLabel(
                f"<span style='color:#555'>{escape(kind)}</span> · <b>{escape(hit.title)}</b>"
                f"<br>{hit.marked('<b>', '</b>', escape)}"
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(6, 4, 6, 4)
            self.results.addItem(entry)
            # A wrapped label's own size hint assumes a narrow column: ask for the list's width.
            width = max(self.results.viewport().width(), 200)
            entry.setSizeHint(QSize(width, label.heightForWidth(width)))
            self.results.setItemWidget(entry, label)


_KIND_NAMES = {
    "item": "Evidence",
    "case": "Case",
    "person": "Person",
    "facility": "Facility",
    "testimony": "Testimony",
    "incident": "Incident",
    "condition": "Prison conditions",
    "evidence": "Evidence",
}


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None, kdf_seconds: float = 1.0) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        set_language(self.settings.language)
        self.worker = Worker()
        self.vault: Vault | None = None
        self.dialog: QDialog | None = None  # the last dialog opened, kept alive
        self.read_only_notice: QMessageBox | None = None
        self._kdf_seconds = kdf_seconds
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
        self.create_page.back.connect(lambda: self.pages.setCurrentWidget(self.unlock_page))

        self.workspace = QWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search everything (testimonies, people, files …)"))
        self.search.returnPressed.connect(self.run_search)
        self.navigator = QListWidget()
        self.navigator.setMaximumWidth(220)
        self.content = QStackedWidget()
        self.evidence = EvidencePage(self.worker)
        self.record_views = {kind: RecordsView(self.worker, kind) for kind in NAVIGATION[1:]}
        self.search_page = SearchPage()
        self.search_page.results.itemActivated.connect(self._open_hit)
        self._page_of = {EVIDENCE: self.evidence, SEARCH: self.search_page, **self.record_views}
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
        for page in (self.unlock_page, self.create_page, self.workspace):
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
            self.export_legal_action,
            self.export_exhibition_action,
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
        folder = self.settings.vault_folder
        self.pages.setCurrentWidget(self.unlock_page if is_vault(folder) else self.create_page)
        self.unlock_page.secret.setFocus()

    def open_workspace(self, vault: Vault) -> None:
        self.vault = vault
        for action in self._vault_actions:
            action.setEnabled(True)
        self.evidence.set_vault(vault)
        for view in self.record_views.values():
            view.set_vault(vault)
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
                "\n\n".join(vault.notices),
                parent=self,
            )
            vault.notices.clear()
            notice.open()
            self.dialog = notice

    def lock(self) -> None:
        """Close the vault and forget everything decrypted: rows, pictures, editors."""
        if self.vault is None:
            return
        self.idle.stop()
        vault, self.vault = self.vault, None
        for job in list(self.worker.active):
            job.cancel()
        self.evidence.set_vault(None)
        for view in self.record_views.values():
            view.set_vault(None)
        self.search_page.results.clear()
        self.search.clear()
        clear_copied_text()
        self.worker.submit(lambda _job: vault.close())
        self.worker.wait_idle()
        self.setWindowTitle("Evidence App")
        self._show_start()
        self.unlock_page.message.setText(tr("The vault was locked."))

    @property
    def is_locked(self) -> bool:
        return self.vault is None

    # -- navigation and search -----------------------------------------------------------

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
        if self.vault is None:
            return
        vault, text = self.vault, self.search.text().strip()
        try:
            filters = self.search_page.filters()
        except EvidenceAppError as error:
            self.search_page.heading.setText(str(error))
            self.show_page(SEARCH)
            return
        if not text and filters == records_service.search_filters():
            return
        job = self.worker.submit(
            lambda _job: records_service.search_everything(
                vault, text, filters, language=language()
            ),
            read_only=True,
        )
        job.succeeded.connect(lambda hits: self._searched(text, hits))
        job.failed.connect(self.search_page.heading.setText)

    def _searched(self, text: str, hits: list[Any]) -> None:
        self.search_page.show_hits(text, hits)
        self.show_page(SEARCH)

    def _open_hit(self, entry: QListWidgetItem) -> None:
        kind, ref = entry.data(Qt.ItemDataRole.UserRole)
        if kind in ("item", "evidence"):  # an evidence link is named by the item's SHA-256
            self.show_page(EVIDENCE)
            self.evidence.show_item_by_id(ref)
        elif kind in self.record_views:
            self.show_page(kind)
            self.record_views[kind].refresh(select=ref)

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
        dialog.finished.connect(lambda _code: self.evidence.model.reload())
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
        dialog = ExportDialog(self, self.worker, self.vault, kind)
        dialog.show()
        self.dialog = dialog
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self, self.settings)
        dialog.accepted.connect(self.apply_settings)
        dialog.show()
        self.dialog = dialog
        return dialog

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
        self._save_layout()
        self.lock()
        self.worker.shutdown()
        self._app().removeEventFilter(self.idle)
        super().closeEvent(event)
