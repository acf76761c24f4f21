"""Everything known of one item: the picture (zoomable) or its file facts, metadata, EXIF,
the full SHA-256 and GPS to copy, sources, cases and its custody timeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QCloseEvent, QHideEvent, QImage, QImageReader, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import (
    case_refs,
    dossier_impact,
    items_service,
    links_service,
    records_service,
)
from evidence_app.core.case_refs import CaseChoice
from evidence_app.core.item_results import CredentialView, ShownItem
from evidence_app.core.items_service import camera_name
from evidence_app.core.proofmode_credentials import credential_line
from evidence_app.core.records_service import label_of
from evidence_app.core.vault_service import Changes, Vault
from evidence_app.gui.c2pa_credentials import HEADING as C2PA_HEADING
from evidence_app.gui.c2pa_credentials import C2paCredentials
from evidence_app.gui.case_picker import NewCaseDialog, case_label
from evidence_app.gui.consent_words import fell_out_message, left_out_label
from evidence_app.gui.i18n import format_count, format_size, format_time, tr
from evidence_app.gui.item_observations import ItemObservations
from evidence_app.gui.item_provenance import headings, provenance_cells
from evidence_app.gui.jobs import Worker
from evidence_app.gui.media_player import MediaPlayer, playable
from evidence_app.gui.record_forms import RecordForm
from evidence_app.gui.redaction_editor import RedactionEditor
from evidence_app.gui.security import copy_for_a_while
from evidence_app.gui.unsaved_guard import Proceed
from evidence_app.gui.words import action_words, media_words

VIEWABLE_BYTES = 64 * 1024 * 1024
LINKS_MIN_HEIGHT = 140
PICKED = ("case", "person", "facility", "incident")  # what the links form offers

Choices = dict[str, list[tuple[str, str]]]


def _choices(vault: Vault) -> Choices:
    choices = {
        kind: [(ref, label_of(kind, ref, body)) for ref, body in records]
        for kind in PICKED
        if kind != "case"
        for records in [records_service.list_records(vault, kind)]
    }
    # Cases by title, the ref after it.
    choices["case"] = [(c.ref, case_label(c)) for c in case_refs.list_cases(vault)]
    return choices


def _decoded(data: bytes) -> QImage:
    """Decode in memory, turned upright as the camera's orientation tag says."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    return reader.read()


def _document_rows(item: ShownItem) -> list[list[str]]:
    """A PDF's own metadata, dates as read, above the tags as the file writes them."""
    if item.document is None:
        return []
    labels = {
        "Pages": tr("Pages"),
        "Title": tr("Title"),
        "Author": tr("Author"),
        "Created": tr("Created"),
        "Modified": tr("Modified"),
        "Creator": tr("Written with"),
        "Producer": tr("PDF produced by"),
    }
    return [[labels[label], value] for label, value in item.document.rows()]


class ImageView(QGraphicsView):
    """A picture that zooms with the wheel (or the buttons) and pans by dragging."""

    def __init__(self) -> None:
        super().__init__()
        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self.setScene(self._scene)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def show_image(self, image: QImage | None) -> None:
        self._item.setPixmap(QPixmap.fromImage(image) if image is not None else QPixmap())
        self._scene.setSceneRect(self._item.boundingRect())
        self.fit()

    def fit(self) -> None:
        if not self._item.pixmap().isNull():
            self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def actual_size(self) -> None:
        self.resetTransform()

    @property
    def zoom_factor(self) -> float:
        return float(self.transform().m11())

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)


def _table(headings: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))


class ItemDetail(QWidget):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._vault: Vault | None = None
        self.item: ShownItem | None = None
        self._wanted: str | None = None  # the item asked for last; an older load is dropped
        self.image = ImageView()
        zoom_in, zoom_out = QPushButton("+"), QPushButton("−")
        fit, actual = QPushButton(tr("Fit")), QPushButton("100%")
        zoom_in.clicked.connect(lambda: self.image.zoom(1.25))
        zoom_out.clicked.connect(lambda: self.image.zoom(0.8))
        fit.clicked.connect(self.image.fit)
        actual.clicked.connect(self.image.actual_size)
        self.redact = QPushButton(tr("Regions to blur…"))  # curators: the redaction editor
        self.redact.clicked.connect(self.open_redaction)
        self.editor: RedactionEditor | None = None
        self.file_facts = QLabel()
        self.file_facts.setWordWrap(True)
        self.file_facts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.player = MediaPlayer(worker)  # a video or audio item, in place of the picture
        self.player.said.connect(self.file_facts.setText)

        self.facts = QFormLayout()
        self.name = QLabel()
        self.media_type = QLabel()
        self.size_label = QLabel()
        self.captured = QLabel()
        self.camera = QLabel()
        self.gps = QLabel()
        self.sha256 = QLineEdit()  # selectable and scrollable: 64 characters never wrap
        self.sha256.setReadOnly(True)
        self.sha256.setStyleSheet("font-family: monospace;")
        self.cases = QLabel()
        self.credentials = QLabel()  # what a capture app signed, as checked at ingest
        self.credentials.setWordWrap(True)
        self.copy_hash = QPushButton(tr("Copy SHA-256"))
        self.copy_hash.clicked.connect(lambda: self._copy("sha256"))
        self.copy_gps = QPushButton(tr("Copy coordinates"))
        self.copy_gps.clicked.connect(lambda: self._copy("gps"))
        hash_row, gps_row = QHBoxLayout(), QHBoxLayout()
        hash_row.addWidget(self.sha256, 1)
        hash_row.addWidget(self.copy_hash)
        gps_row.addWidget(self.gps, 1)
        gps_row.addWidget(self.copy_gps)
        self.facts.addRow(tr("Name"), self.name)
        self.facts.addRow(tr("Type"), self.media_type)
        # What a capture app signed comes high: below the fold, nobody saw the verdict.
        self.c2pa = C2paCredentials()
        self.facts.addRow(tr(C2PA_HEADING), self.c2pa)
        self.facts.addRow(tr("Signed at capture"), self.credentials)
        self.facts.setRowVisible(self.credentials, False)
        self.facts.addRow(tr("Size"), self.size_label)
        self.facts.addRow(tr("Captured"), self.captured)
        self.facts.addRow(tr("Camera"), self.camera)
        self.facts.addRow(tr("GPS"), gps_row)
        self.facts.addRow("SHA-256", hash_row)
        self.facts.addRow(tr("Cases"), self.cases)

        self.sources = _table([tr("Received"), tr("Source"), tr("Name then"), *headings()])
        self.exif = _table([tr("Tag"), tr("Value")])
        self.custody = _table(["#", tr("Time"), tr("Action"), tr("By"), tr("Event hash")])
        self._choices: dict[str, list[tuple[str, str]]] = {}
        self.links = RecordForm("evidence", lambda kind: self._choices.get(kind, []))
        self.links.hide_ref()
        self.links_message = QLabel()
        self.links_message.setWordWrap(True)
        self.save_links = QPushButton(tr("Save links"))
        self.save_links.clicked.connect(lambda: self._save_links())
        self.new_case = QPushButton(tr("New case…"))
        self.new_case.clicked.connect(self._new_case)
        # Tests and callers may supply the title instead of a person typing it.
        self.ask_case_title: Callable[[], str | None] = self._ask_case_title
        links_page = QWidget()
        links_layout = QVBoxLayout(links_page)
        self.links_area = QScrollArea()
        self.links_area.setWidgetResizable(True)
        self.links_area.setWidget(self.links)
        # Room for a caption and a few people at once, however the picture is sized.
        self.links_area.setMinimumHeight(LINKS_MIN_HEIGHT)
        links_layout.addWidget(self.links_area)
        links_layout.addWidget(self.links_message)
        self.links_left_out = left_out_label()
        links_layout.addWidget(self.links_left_out)
        link_buttons = QHBoxLayout()
        link_buttons.addWidget(self.new_case)
        link_buttons.addStretch(1)
        link_buttons.addWidget(self.save_links)
        links_layout.addLayout(link_buttons)
        tabs = QTabWidget()
        self.tabs = tabs
        tabs.addTab(self.custody, tr("Custody"))
        tabs.addTab(self.sources, tr("Sources"))
        tabs.addTab(self.exif, "EXIF")
        tabs.addTab(links_page, tr("Links"))
        self.observations = ItemObservations(worker)
        tabs.addTab(self.observations, tr("Observations"))

        self.picture_tools = QWidget()
        buttons = QHBoxLayout(self.picture_tools)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (zoom_out, zoom_in, fit, actual):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.redact)
        facts_widget = QWidget()
        facts_widget.setLayout(self.facts)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(facts_widget)
        picture = QWidget()
        picture_layout = QVBoxLayout(picture)
        picture_layout.setContentsMargins(0, 0, 0, 0)
        picture_layout.addWidget(self.image, 1)
        picture_layout.addWidget(self.player, 1)
        picture_layout.addWidget(self.file_facts)
        picture_layout.addWidget(self.picture_tools)
        # The person sizes the picture, the facts and the tabs; the window remembers it.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        for part, stretch in ((picture, 3), (scroll, 2), (tabs, 3)):
            self.splitter.addWidget(part)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.clear()

    def set_vault(self, vault: Vault | None) -> None:
        self._vault = vault
        if self.editor is not None:  # it shows decrypted pixels of a vault now locked
            self.editor.close()
        self.clear()

    def clear(self) -> None:
        self.item, self._wanted = None, None
        self._show_recording(False)
        self.image.show_image(None)
        self.file_facts.setText(tr("Choose an item to see it here."))
        for label in (self.name, self.media_type, self.size_label, self.captured, self.camera):
            label.clear()
        self.gps.clear()
        self.sha256.clear()
        self.cases.clear()
        self.c2pa.clear()  # a locked vault's item leaves no word of its manifest behind
        self.facts.setRowVisible(self.c2pa, False)
        self._show_credentials(())
        for table in (self.sources, self.exif, self.custody):
            table.setRowCount(0)
        self.copy_hash.setEnabled(False)
        self.copy_gps.setEnabled(False)
        self.redact.setEnabled(False)
        self.links.load("", {})
        self.links.setEnabled(False)
        self.save_links.setEnabled(False)
        self.new_case.setEnabled(False)
        self.links_message.clear()
        self.links_left_out.hide()
        self.observations.clear()

    def apply_changes(self, changes: Changes) -> None:
        """Show again what a write changed of the item shown, or of what its links offer."""
        if self._vault is None or self.item is None:
            return
        item_id, sha256 = self.item.id, self.item.sha256
        if item_id != self._wanted:  # another item is on its way
            return
        if item_id in changes.items or sha256 in changes.records_of("evidence"):
            self._load(item_id, picture=False)
        elif any(kind in PICKED for kind, _ref in changes.records):
            vault = self._vault
            job = self._worker.submit(lambda _job: _choices(vault), read_only=True)
            job.succeeded.connect(self._refill_choices)

    def _refill_choices(self, choices: Choices) -> None:
        self._choices = choices
        self.links.refill_choices()

    def show_item(self, item_id: str) -> None:
        if self.item is None or self.item.id != item_id:  # the recording shown is left
            self.player.release()
        self._wanted = item_id
        self._load(item_id, picture=True)

    # -- unsaved links (unsaved_guard.Keeper) ----------------------------------------------

    def unsaved(self) -> str | None:
        if self.item is None or not self.links.isEnabled() or not self.links.is_dirty():
            return None
        return tr("The changes to the links of {name} are not saved.").format(
            name=self.item.original_name
        )

    def save_then(self, proceed: Proceed) -> None:
        self._save_links(then=proceed)

    def discard(self) -> None:
        self.links.revert()
        self.links_message.clear()

    def _load(self, item_id: str, picture: bool) -> None:
        if self._vault is None:
            return
        vault = self._vault

        def load(_job: object) -> tuple[ShownItem, Choices, dict[str, Any]]:
            item = items_service.show_item(vault, item_id)
            # The cases the item is filed under, as the dossiers see them.
            return item, _choices(vault), links_service.item_links(vault, item_id)

        job = self._worker.submit(load, read_only=True)
        job.succeeded.connect(lambda loaded: self._shown(*loaded, picture=picture))
        job.failed.connect(self.file_facts.setText)

    def _shown(
        self, item: ShownItem, choices: Choices, links: dict[str, Any], *, picture: bool
    ) -> None:
        if item.id != self._wanted:
            return
        refreshed = self.item is not None and self.item.id == item.id
        if not refreshed:  # what was said about the links of the item shown before
            self.links_message.clear()
            self.links_left_out.hide()
        self.item = item
        self._refill_choices(choices)
        if not (refreshed and self.links.is_dirty()):  # what is typed stays while it is shown
            self._show_links(links)
        self.links.setEnabled(True)
        self.save_links.setEnabled(True)
        self.new_case.setEnabled(True)
        self.name.setText(item.original_name)
        self.media_type.setText(media_words(item.media_type))
        self.media_type.setToolTip(item.media_type)
        self.size_label.setText(f"{format_size(item.size)} ({format_count(item.size)})")
        self.captured.setText(format_time(item.captured_at))
        self.camera.setText(camera_name(item.camera.make, item.camera.model) or "—")
        gps = item.gps
        self.gps.setText(f"{gps.lat:.6f}, {gps.lon:.6f}" if gps else "—")
        self.copy_gps.setEnabled(gps is not None)
        self.sha256.setText(item.sha256)
        self.copy_hash.setEnabled(True)
        self.redact.setEnabled(item.media_type.startswith("image/"))
        self._show_cases(item.cases)
        self.facts.setRowVisible(self.c2pa, self.c2pa.show_item(item))
        self._show_credentials(item.credentials)
        if self._vault is not None:
            self.observations.show_item(self._vault, item.id)
        people = dict(self._choices.get("person", []))
        _fill(
            self.sources,
            [
                [
                    format_time(s.received_at),
                    s.source or "—",
                    s.original_name,
                    *provenance_cells(s.provenance, people),
                ]
                for s in item.sources
            ],
        )
        self.sources.resizeRowsToContents()  # a custodian a line
        _fill(
            self.exif,
            _document_rows(item) + [[tag, value] for tag, value in sorted(item.exif.items())],
        )
        _fill(
            self.custody,
            [
                [
                    str(e.seq),
                    format_time(e.time),
                    action_words(e.action),
                    e.actor.name,
                    e.hash[:16],
                ]
                for e in item.custody
            ],
        )
        if not picture:  # the same item again: its picture is shown already
            return
        self.image.show_image(None)
        self._show_recording(playable(item.media_type))
        if playable(item.media_type) and self._vault is not None:
            self.player.load(self._vault, item.id, item.media_type, item.size)
        elif item.media_type.startswith("image/") and item.size <= VIEWABLE_BYTES:
            self.file_facts.setText(tr("Decrypting the picture…"))
            self._load_picture(item.id)
        elif item.document is not None and item.has_thumbnail:
            self.file_facts.setText(tr("Decrypting the picture of the first page…"))
            self._load_picture(item.id, first_page_of=item.pages)
        else:
            self.file_facts.setText(
                tr("{kind}, {size}. Extract it to open it with another program.").format(
                    kind=media_words(item.media_type), size=format_size(item.size)
                )
            )

    def _show_recording(self, recording: bool) -> None:
        """The player in place of the picture and its zoom, or the picture again."""
        if not recording:
            self.player.release()
        self.player.setVisible(recording)
        self.image.setVisible(not recording)
        self.picture_tools.setVisible(not recording)

    def hideEvent(self, event: QHideEvent) -> None:
        self.player.pause()  # another page, or the window minimised: nothing plays unseen
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.player.release()
        super().closeEvent(event)

    def _show_credentials(self, credentials: Sequence[CredentialView]) -> None:
        # C2PA manifests have a row of their own.
        credentials = [c for c in credentials if c.kind == "proofmode"]
        lines = [credential_line(credential, tr) for credential in credentials]
        self.credentials.setText("\n".join(lines))
        self.credentials.setToolTip(
            "\n".join(credential_line(c, tr, short_key=False) for c in credentials)
        )
        self.facts.setRowVisible(self.credentials, bool(lines))

    def _show_cases(self, refs: Sequence[str]) -> None:
        """Cases by title, the ref after it (as the pickers name them)."""
        titles = dict(self._choices.get("case", []))
        self.cases.setText(", ".join(titles.get(ref, ref) for ref in refs) or "—")

    def _show_links(self, links: dict[str, Any]) -> None:
        if self.item is None:
            return
        self.links.refill_choices()
        self.links.load(self.item.sha256, links)

    def _load_picture(self, item_id: str, first_page_of: int | None = None) -> None:
        """The picture, decrypted in memory; of a document (`first_page_of` its pages), the
        thumbnail drawn of its first page at ingest: the document itself is never drawn here."""
        if self._vault is None:
            return
        vault, document = self._vault, first_page_of is not None
        job = self._worker.submit(
            lambda _job: (
                items_service.thumbnail_jpeg(vault, item_id) or b""
                if document
                else items_service.content_bytes(vault, item_id, VIEWABLE_BYTES)
            ),
            read_only=True,
        )

        def shown(data: bytes) -> None:
            if self.item is None or self.item.id != item_id:
                return
            image = _decoded(data)
            del data
            if image.isNull():
                self.file_facts.setText(tr("This picture cannot be shown; its file is kept as is."))
                return
            if document:
                self.file_facts.setText(
                    tr("The first of {count} pages. Extract the file to read it all.").format(
                        count=first_page_of
                    )
                )
            else:
                self.file_facts.clear()
            self.image.show_image(image)

        job.succeeded.connect(shown)
        job.failed.connect(self.file_facts.setText)

    def _save_links(self, then: Proceed | None = None) -> None:
        """Save the links; then, once they are saved, `then` (what the person asked for next)."""
        if self._vault is None or self.item is None:
            return
        vault, sha256, body = self._vault, self.item.sha256, self.links.body()
        self.save_links.setEnabled(False)
        job = self._worker.submit(lambda _job: links_service.save_item_links(vault, sha256, body))

        def done(saved: dossier_impact.Saved) -> None:
            self.save_links.setEnabled(True)
            if self.item is not None and self.item.sha256 == sha256:
                self.links.saved(sha256, body)
            self._show_cases(body.get("cases") or [])
            self.links_message.setText(
                tr("Nothing changed.")
                if saved.revision is None
                else tr("Saved as revision {number}.").format(number=saved.revision)
            )
            self.links_left_out.setText(fell_out_message(saved.fell_out))
            self.links_left_out.setVisible(bool(saved.fell_out))
            if then is not None:
                then()

        def refused(message: str) -> None:
            self.save_links.setEnabled(True)
            self.links_message.setText(message)

        job.succeeded.connect(done)
        job.failed.connect(refused)

    def _ask_case_title(self) -> str | None:
        dialog = NewCaseDialog(self)
        return dialog.title.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _new_case(self) -> None:
        """Make a case by its title and offer it, ticked, with what is already ticked."""
        if self._vault is None or self.item is None:
            return
        title = self.ask_case_title()
        if not title:
            return
        vault, body = self._vault, self.links.body()
        job = self._worker.submit(lambda _job: case_refs.create_case(vault, title))

        def made(case: CaseChoice) -> None:
            self._choices["case"] = [*self._choices.get("case", []), (case.ref, case_label(case))]
            self._show_links(body | {"cases": [*body.get("cases", []), case.ref]})
            self.links_message.setText(
                tr("Case {ref} made and ticked; save the links to file the item under it.").format(
                    ref=case.ref
                )
            )

        job.succeeded.connect(made)
        job.failed.connect(self.links_message.setText)

    def open_redaction(self) -> RedactionEditor | None:
        if self._vault is None or self.item is None:
            return None
        if self.editor is not None:  # one photo's editor at a time
            self.editor.close()
            self.editor.deleteLater()
        self.editor = RedactionEditor(self, self._worker, self._vault, self.item.id)
        self.editor.show()
        return self.editor

    def _copy(self, what: str) -> None:
        if self.item is None:
            return
        if what == "sha256":
            copy_for_a_while(self.item.sha256)
        elif self.item.gps is not None:
            gps = self.item.gps
            copy_for_a_while(f"{gps.lat:.6f}, {gps.lon:.6f}")
