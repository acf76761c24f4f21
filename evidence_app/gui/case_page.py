"""A case at a glance: its evidence as thumbnails, its testimonies, people, facilities and
incidents, and what each dossier would include and leave out, and why.

Everything comes from `core.case_overview`, read on the worker's reading thread.
Thumbnails are decrypted into memory only, and forgotten when the vault locks.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QFont,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import items_service
from evidence_app.core.case_overview import CaseOverview, CaseRecord, DossierPreview, case_overview
from evidence_app.core.item_marks import ItemMarks
from evidence_app.core.records_service import vocabulary
from evidence_app.core.vault_service import Vault
from evidence_app.gui.badges import badged_thumbnail, legend, with_badges
from evidence_app.gui.i18n import format_time, language, tr
from evidence_app.gui.jobs import Worker
from evidence_app.gui.words import left_out_line

ICON = 96
ITEM_ID = Qt.ItemDataRole.UserRole


def record_line(record: CaseRecord) -> str:
    """What a list shows of a record: its title, then date, labels and summary."""
    words = vocabulary(record.vocabulary) if record.vocabulary else None
    terms = ", ".join(words.label(code, language()) if words else code for code in record.terms)
    return " · ".join(part for part in (record.title, record.date, terms, record.summary) if part)


def _list(height: int = 56) -> QListWidget:
    listing = QListWidget()
    listing.setMinimumHeight(height)
    _fill_height(listing)
    listing.setWordWrap(True)
    return listing


class CasePage(QWidget):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._vault: Vault | None = None
        self._ref: str | None = None
        self._generation = 0
        self._stale = False
        self.overview: CaseOverview | None = None

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.items = QStandardItemModel(self)
        self.thumbnails = QListView()
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setIconSize(QSize(ICON, ICON))
        self.thumbnails.setGridSize(QSize(ICON + 48, ICON + 44))
        self.thumbnails.setResizeMode(QListView.ResizeMode.Adjust)
        self.thumbnails.setMovement(QListView.Movement.Static)
        self.thumbnails.setWordWrap(True)
        self.thumbnails.setMinimumHeight(ICON + 50)
        self.thumbnails.setModel(self.items)
        _fill_height(self.thumbnails)
        self.evidence_box = QGroupBox(tr("Evidence"))
        QVBoxLayout(self.evidence_box).addWidget(self.thumbnails)

        self.testimonies, self.people = _list(), _list()
        self.facilities, self.incidents = _list(), _list()
        self.court, self.exhibition = _list(72), _list(72)
        self.court_box, self.exhibition_box = QGroupBox(), QGroupBox()
        records = QGridLayout()
        self._boxes: dict[str, QGroupBox] = {}
        placed = [
            (tr("Testimonies"), self.testimonies, 0, 0),
            (tr("People"), self.people, 0, 1),
            (tr("Facilities"), self.facilities, 1, 0),
            (tr("Incidents"), self.incidents, 1, 1),
        ]
        for heading, listing, row, column in placed:
            box = QGroupBox(heading)
            QVBoxLayout(box).addWidget(listing)
            records.addWidget(box, row, column)
        dossiers = QGridLayout()
        for column, (box, listing) in enumerate(
            ((self.court_box, self.court), (self.exhibition_box, self.exhibition))
        ):
            QVBoxLayout(box).addWidget(listing)
            dossiers.addWidget(box, 0, column)

        # Scrolled, so the page never makes the window taller than the person chose.
        inner = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        QVBoxLayout(self).addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addWidget(self.message)
        layout.addWidget(self.evidence_box, 4)
        layout.addLayout(dossiers, 3)  # what the researcher came to check, before the lists
        layout.addLayout(records, 3)
        self.clear()

    # -- what is shown -------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        self._ref = None
        self.clear()

    def clear(self) -> None:
        """Forget the case and every decrypted picture (the vault locked or closed)."""
        self._generation += 1
        self.overview = None
        self.items.clear()
        for listing in (
            self.testimonies,
            self.people,
            self.facilities,
            self.incidents,
            self.court,
            self.exhibition,
        ):
            listing.clear()
        self.title.setText(tr("Choose a case to see its evidence and dossiers."))
        self.description.clear()
        self.message.clear()
        self.court_box.setTitle(tr("Court dossier"))
        self.exhibition_box.setTitle(tr("Exhibition"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_case(self, ref: str) -> None:
        self._ref = ref
        self.refresh()

    def refresh(self) -> None:
        """Read the case again (call when its items, records or consent changed).

        While hidden it only notes that it is out of date: an import publishes changes many
        times a second, and the overview runs both dossiers' selections."""
        if self._vault is None or self._ref is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        vault, ref = self._vault, self._ref
        self._generation += 1
        generation = self._generation
        self.message.setText(tr("Loading…"))
        job = self._worker.submit(lambda _job: case_overview(vault, ref), read_only=True)
        job.succeeded.connect(lambda overview: self._show(generation, overview))
        job.failed.connect(lambda text: self._failed(generation, text))

    def _failed(self, generation: int, text: str) -> None:
        if generation == self._generation:
            self.message.setText(text)

    def _show(self, generation: int, overview: CaseOverview) -> None:
        if generation != self._generation:
            return  # another case was chosen, or the vault locked, meanwhile
        self.overview = overview
        self.message.clear()
        self.title.setText(overview.title)
        self.title.setToolTip(overview.ref)
        self.description.setText(overview.description)
        self.description.setVisible(bool(overview.description))
        self._show_items(generation, overview)
        for listing, records, empty in (
            (self.testimonies, overview.testimonies, tr("No testimony in this case yet.")),
            (self.people, overview.people, tr("Nobody is linked to this case yet.")),
            (self.facilities, overview.facilities, tr("No facility is named yet.")),
            (self.incidents, overview.incidents, tr("No incident is recorded yet.")),
        ):
            listing.clear()
            for record in records:
                entry = QListWidgetItem(record_line(record))
                entry.setToolTip(record.ref)
                listing.addItem(entry)
            if not records:
                listing.addItem(empty)
        self._show_dossier(
            self.court_box,
            self.court,
            tr("Court dossier would include {count} of {total}"),
            overview.accountability,
        )
        self._show_dossier(
            self.exhibition_box,
            self.exhibition,
            tr("Exhibition would include {count} of {total}"),
            overview.exhibition,
        )

    def _show_items(self, generation: int, overview: CaseOverview) -> None:
        self.items.clear()
        placeholder = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for item in overview.items:
            marks = item.marks
            entry = QStandardItem(item.title)
            entry.setEditable(False)
            entry.setData(item.id, ITEM_ID)
            entry.setIcon(with_badges(placeholder.pixmap(ICON // 2), marks, ICON))
            details = [item.original_name, format_time(item.captured_at)]
            if item.people:
                details.append(", ".join(item.people))
            entry.setToolTip("<p>" + "<br>".join(_escaped(details)) + "</p>" + legend(marks))
            self.items.appendRow(entry)
            if item.has_thumbnail:
                self._ask_thumbnail(generation, self.items.rowCount() - 1, item.id, marks)
        if not overview.items:
            self.message.setText(tr("No evidence is filed under this case yet."))

    def _ask_thumbnail(self, generation: int, row: int, item_id: str, marks: ItemMarks) -> None:
        if self._vault is None:
            return
        vault = self._vault
        job = self._worker.submit(
            lambda _job: items_service.thumbnail_jpeg(vault, item_id), read_only=True
        )
        job.succeeded.connect(lambda data: self._thumbnail(generation, row, marks, data))

    def _thumbnail(self, generation: int, row: int, marks: ItemMarks, data: bytes | None) -> None:
        if generation != self._generation:
            return
        picture = badged_thumbnail(data, marks, ICON)
        entry = self.items.item(row)
        if picture is not None and entry is not None:
            entry.setIcon(picture)

    def _show_dossier(
        self, box: QGroupBox, listing: QListWidget, heading: str, preview: DossierPreview
    ) -> None:
        box.setTitle(heading.format(count=len(preview.included), total=preview.total))
        listing.clear()
        for entry in preview.left_out:
            listing.addItem(left_out_line(entry))
        if not preview.left_out:
            listing.addItem(tr("Nothing is left out."))


def _fill_height(view: QWidget) -> None:
    """Take the height the page has to spare, and only that: a list's own wish (its size
    hint) would make the page scroll at any window size."""
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)


def _escaped(lines: list[str]) -> list[str]:
    return [line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines]
