"""The evidence page: the table of every item, filtered as one types, and the item's view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core.items_service import ItemQuery
from evidence_app.core.vault_service import Changes, Vault
from evidence_app.gui.case_picker import LinkToCaseDialog
from evidence_app.gui.consent_words import fell_out_message, left_out_label
from evidence_app.gui.evidence_model import EvidenceModel
from evidence_app.gui.i18n import format_count, tr
from evidence_app.gui.item_detail import ItemDetail
from evidence_app.gui.jobs import Worker
from evidence_app.gui.unsaved_guard import Proceed, may_leave


class EvidencePage(QWidget):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._vault: Vault | None = None
        self._going_back = False  # the selection returns to the item shown: ask nothing
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
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        # Several chosen items are filed under a case in one action.
        self.link_button = QPushButton(tr("Link to case…"))
        self.link_button.clicked.connect(self.link_selected)
        self.link_action = QAction(tr("Link to case…"), self.table)
        self.link_action.triggered.connect(self.link_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.link_action)
        self.link_message = QLabel()
        self.left_out = left_out_label()  # what the link made fall out of a dossier
        self.table.verticalHeader().setDefaultSectionSize(68)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.detail = ItemDetail(worker)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.model.rowsInserted.connect(self._counted)
        self.model.modelReset.connect(self._counted)
        self.model.modelReset.connect(self._select_shown)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.count)
        row.addWidget(self.link_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.link_message)
        left_layout.addWidget(self.left_out)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.model.set_vault(vault)
        self.detail.set_vault(vault)

    def apply_changes(self, changes: Changes) -> None:
        self.model.apply_changes(changes)
        self.detail.apply_changes(changes)

    def _select_shown(self) -> None:
        """After the rows were read again, the item shown stays the one selected."""
        if self.detail.item is not None:
            self._select(self.detail.item.id)

    def selected_item_ids(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_data(row).id for row in rows]

    def link_selected(self) -> LinkToCaseDialog | None:
        item_ids = self.selected_item_ids()
        if self._vault is None or not item_ids:
            self.link_message.setText(tr("Choose the items to link first."))
            return None
        dialog = LinkToCaseDialog(self, self._worker, self._vault, item_ids)
        dialog.accepted.connect(lambda: self._linked(dialog))
        dialog.open()
        return dialog

    def _linked(self, dialog: LinkToCaseDialog) -> None:
        result = dialog.result_of_link
        if result is None:
            return
        self.link_message.setText(
            tr("Items linked: {count}").format(count=format_count(result.changed))
        )
        self.left_out.setText(fell_out_message(result.fell_out))
        self.left_out.setVisible(bool(result.fell_out))

    def _filter(self, text: str) -> None:
        query = self.model.query
        self.model.set_query(ItemQuery(query.case_ref, text, query.sort, query.descending))

    def _counted(self, *_args: Any) -> None:
        self.count.setText(tr("Items: {count}").format(count=format_count(self.model.total)))

    def _chosen(self, current: Any, _previous: Any) -> None:
        if not current.isValid() or self._going_back:
            return
        item_id = self.model.row_data(current.row()).id
        if self.detail.item is not None and self.detail.item.id == item_id:
            return
        if may_leave(self, self.detail, lambda: self._select(item_id)):
            self.detail.show_item(item_id)
        elif self.detail.item is not None:  # the table points at the item still shown
            self._going_back = True
            try:
                self._select(self.detail.item.id)
            finally:
                self._going_back = False

    def _select(self, item_id: str) -> None:
        row = self.model.row_of(item_id)
        if row is not None:
            self.table.selectRow(row)

    def show_item_by_id(self, item_id: str) -> None:
        self.detail.show_item(item_id)

    # -- unsaved work: the item's links (unsaved_guard.Keeper) -----------------------------

    def unsaved(self) -> str | None:
        return self.detail.unsaved()

    def save_then(self, proceed: Proceed) -> None:
        self.detail.save_then(proceed)

    def discard(self) -> None:
        self.detail.discard()
