"""The evidence table's model: rows fetched a page at a time, thumbnails decrypted in the
background and kept in memory only, so 100,000 items scroll without loading them all."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPixmap

from evidence_app.core import case_refs, items_service
from evidence_app.core.case_refs import CaseChoice
from evidence_app.core.item_marks import ItemMarks
from evidence_app.core.item_results import ItemRow
from evidence_app.core.items_service import ItemQuery
from evidence_app.core.vault_service import Changes, Vault
from evidence_app.gui.badges import badged_thumbnail, has_badges, legend, with_badges
from evidence_app.gui.i18n import format_size, format_time, tr
from evidence_app.gui.jobs import Worker

PAGE = 200
THUMBNAILS_KEPT = 2000
THUMBNAIL_SIZE = 64
Index = QModelIndex | QPersistentModelIndex

# (heading, what the cell shows, sort key of ItemQuery or None)
COLUMNS: list[tuple[str, Callable[[ItemRow], str], str | None]] = [
    ("Name", lambda row: row.original_name, "name"),
    ("Captured", lambda row: format_time(row.captured_at), "captured_at"),
    ("Camera", lambda row: row.camera, "camera"),
    ("Case", lambda row: ", ".join(row.cases), None),
    ("SHA-256", lambda row: row.sha256[:12], "sha256"),
    ("Size", lambda row: format_size(row.size), "size"),
]
CASE_COLUMN, SHA256_COLUMN = 3, 4


class EvidenceModel(QAbstractTableModel):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._vault: Vault | None = None
        self._rows: list[ItemRow] = []
        self._total = 0
        self._fetching = False
        self._generation = 0
        self.query = ItemQuery()
        self._thumbnails: OrderedDict[str, QPixmap] = OrderedDict()
        self._asked: set[str] = set()
        self._row_of: dict[str, int] = {}
        self._badges_only: dict[ItemMarks, QPixmap] = {}  # for rows with no picture
        self._case_titles: dict[str, str] = {}  # the Case column names cases by title

    # -- what is shown -------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self.clear_memory()
        self.reload()

    def clear_memory(self) -> None:
        """Forget every decrypted row and picture (used when the vault locks)."""
        self.beginResetModel()
        self._generation += 1
        self._rows, self._total, self._fetching = [], 0, False
        self._case_titles = {}
        self._row_of = {}
        self._thumbnails.clear()
        self._asked.clear()
        self.endResetModel()

    def set_query(self, query: ItemQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.clear_memory()
        if self._vault is None:
            return
        vault, query, generation = self._vault, self.query, self._generation
        self._fetching = True
        self._read_case_titles()
        job = self._worker.submit(
            lambda _job: (
                items_service.count_items(vault, query),
                items_service.page_of_items(vault, 0, PAGE, query),
            ),
            read_only=True,
        )
        job.succeeded.connect(lambda result: self._first_page(generation, *result))
        job.failed.connect(lambda _message: self._stop_fetching(generation))

    def apply_changes(self, changes: Changes) -> None:
        """A write added or altered items: read the rows shown again."""
        if self._vault is not None and changes.records_of("case"):
            self._read_case_titles()
        if self._vault is None or not changes.items:
            return
        vault, query, generation = self._vault, self.query, self._generation
        count = max(len(self._rows), PAGE)
        job = self._worker.submit(
            lambda _job: (
                items_service.count_items(vault, query),
                items_service.page_of_items(vault, 0, count, query),
            ),
            read_only=True,
        )
        job.succeeded.connect(lambda result: self._reread(generation, *result))

    def _reread(self, generation: int, total: int, rows: list[ItemRow]) -> None:
        if generation != self._generation:
            return
        loaded = len(self._rows)
        self._total = total
        if not self._fetching and [row.id for row in rows[:loaded]] == list(self._row_of):
            # The same rows in the same places: altered in place, new ones after them,
            # so the selection and the scroll position stay where they were.
            self._rows[:loaded] = rows[:loaded]
            if loaded:
                last = self.index(loaded - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            self._append(rows[loaded:])
            return
        # New items among those shown, or a page still on its way: the list as it is now.
        self.beginResetModel()
        self._generation += 1  # the page on its way is dropped
        self._fetching = False
        self._rows = rows
        self._row_of = {row.id: n for n, row in enumerate(rows)}
        self.endResetModel()

    def _read_case_titles(self) -> None:
        if self._vault is None:
            return
        vault = self._vault
        job = self._worker.submit(lambda _job: case_refs.list_cases(vault), read_only=True)
        job.succeeded.connect(lambda cases: self._case_titles_read(vault, cases))

    def _case_titles_read(self, vault: Vault, cases: list[CaseChoice]) -> None:
        if vault is not self._vault:  # locked, or another vault opened, since
            return
        self._case_titles = {case.ref: case.title or case.ref for case in cases}
        if self._rows:
            column = self.index(0, CASE_COLUMN), self.index(len(self._rows) - 1, CASE_COLUMN)
            self.dataChanged.emit(*column, [Qt.ItemDataRole.DisplayRole])

    def row_of(self, item_id: str) -> int | None:
        return self._row_of.get(item_id)

    def _stop_fetching(self, generation: int) -> None:
        if generation == self._generation:
            self._fetching = False

    def _first_page(self, generation: int, total: int, rows: list[ItemRow]) -> None:
        if generation != self._generation:
            return
        self._total = total
        self._fetching = False
        self._append(rows)

    def _append(self, rows: list[ItemRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._row_of.update((row.id, first + n) for n, row in enumerate(rows))
        self.endInsertRows()

    @property
    def total(self) -> int:
        return self._total

    @property
    def loaded(self) -> int:
        return len(self._rows)

    def row_data(self, row: int) -> ItemRow:
        return self._rows[row]

    # -- lazy fetching -------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self._vault is None or not self.canFetchMore(parent):
            return
        vault, query, generation, offset = (
            self._vault,
            self.query,
            self._generation,
            len(self._rows),
        )
        self._fetching = True
        job = self._worker.submit(
            lambda _job: items_service.page_of_items(vault, offset, PAGE, query), read_only=True
        )
        job.succeeded.connect(lambda rows: self._more(generation, rows))
        job.failed.connect(lambda _message: self._stop_fetching(generation))

    def _more(self, generation: int, rows: list[ItemRow]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._append(rows)

    # -- Qt's model interface ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == CASE_COLUMN:
            return ", ".join(self._case_titles.get(ref, ref) for ref in row.cases)
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == CASE_COLUMN:
            return ", ".join(row.cases)  # the refs, as the command line names cases
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == SHA256_COLUMN:
            return row.sha256
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._thumbnail(row)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and has_badges(row.marks):
            return legend(row.marks)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort_key = COLUMNS[column][2]
        if sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(
            ItemQuery(self.query.case_ref, self.query.text, sort=sort_key, descending=descending)
        )

    # -- thumbnails ----------------------------------------------------------------------

    def _thumbnail(self, row: ItemRow) -> QPixmap | None:
        item_id = row.id
        if item_id in self._thumbnails:
            self._thumbnails.move_to_end(item_id)
            return self._thumbnails[item_id]
        if row.has_thumbnail and item_id not in self._asked and self._vault is not None:
            self._asked.add(item_id)
            vault, generation = self._vault, self._generation
            job = self._worker.submit(
                lambda _job: items_service.thumbnail_jpeg(vault, item_id), read_only=True
            )
            job.succeeded.connect(lambda data: self._thumbnail_ready(generation, item_id, data))
        marks = row.marks
        if has_badges(marks) and marks not in self._badges_only:
            self._badges_only[marks] = with_badges(None, marks, THUMBNAIL_SIZE)
        return self._badges_only.get(marks)  # until the picture comes, if it has one

    def _thumbnail_ready(self, generation: int, item_id: str, data: bytes | None) -> None:
        if generation != self._generation:
            return
        marks = self._rows[self._row_of[item_id]].marks if item_id in self._row_of else None
        picture = badged_thumbnail(data, marks, THUMBNAIL_SIZE)
        if picture is None:
            return
        self._thumbnails[item_id] = picture
        while len(self._thumbnails) > THUMBNAILS_KEPT:
            self._thumbnails.popitem(last=False)
        if item_id in self._row_of:
            index = self.index(self._row_of[item_id], 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
