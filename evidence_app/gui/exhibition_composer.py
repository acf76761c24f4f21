"""The exhibition composer: a case's exhibition as it would be written, before it is.

Pick a case; see every photo and text the exhibition would show, and everything left out
with the reason, and what must be decided before it can be written (face regions proposed
by the detector, publication-check findings). Photos are put in order by dragging them (or
with the buttons beside the list); the order is stored in the case by the core, so the CLI
prints it too. Captions and excerpts are edited in the edition's language. Thumbnails are
the photos as they will print, blurred. Preview pages lays the PDF out as the export would
and says, before anything is written, which photos would print at low resolution. Export
runs the core's export, with progress and Cancel. Everything shown comes from
core.exhibition_composition, which reads what the export reads.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import case_refs, exhibition_service
from evidence_app.core.case_refs import CaseChoice
from evidence_app.core.exhibition_composition import (
    ComposedPhoto,
    ComposedText,
    Composition,
    compose,
    set_caption,
    set_excerpt,
    set_exhibition_order,
)
from evidence_app.core.exhibition_service import ExhibitionResult
from evidence_app.core.vault_service import Vault
from evidence_app.gui.badges import badged_thumbnail
from evidence_app.gui.case_picker import case_label
from evidence_app.gui.consent_words import left_out_label
from evidence_app.gui.edition_text import EditionTextEditor
from evidence_app.gui.exhibition_preview import ExhibitionPreview
from evidence_app.gui.file_dialogs import choose_new_file, with_suffix
from evidence_app.gui.i18n import LANGUAGES, tr
from evidence_app.gui.i18n import language as interface_language
from evidence_app.gui.jobs import Job, Worker, show_progress
from evidence_app.gui.words import as_written_line, left_out_line, low_resolution_line

THUMBNAIL = 96
HOLD_COLOUR = "#a40e26"  # what stops the export, apart from what is merely left out


def _list(drag: bool = False) -> QListWidget:
    listing = QListWidget()
    listing.setWordWrap(True)
    listing.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
    if drag:
        listing.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        listing.setDefaultDropAction(Qt.DropAction.MoveAction)
    return listing


def _reference(photo: ComposedPhoto) -> str:
    if not photo.number:  # numbered when first exported, then for good
        return tr("New exhibit · {sha}").format(sha=photo.sha256[:8])
    return tr("Exhibit {number} · {sha}").format(number=photo.number, sha=photo.sha256[:8])


def _boxed(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class ExhibitionComposer(QDialog):
    composed = Signal()  # a composition is shown (after a case, language or order change)

    def __init__(
        self, parent: QWidget | None, worker: Worker, vault: Vault, case_ref: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Exhibition composer"))
        self._worker, self._vault, self._wanted_case = worker, vault, case_ref
        self.composition: Composition | None = None
        self.exported: ExhibitionResult | None = None
        self.job: Job | None = None
        self._asked = 0  # the newest composition asked for; older answers are dropped

        self.cases = QListWidget()
        self.cases.currentRowChanged.connect(lambda _row: self.recompose())
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(interface_language())))
        self.language.currentIndexChanged.connect(lambda _i: self.recompose())
        self.paper = QComboBox()
        for paper in ("A4", "A3", "Letter"):
            self.paper.addItem(paper, paper.lower())

        self.included = _list(drag=True)
        self.included.model().rowsMoved.connect(self._reordered)
        self.included.currentRowChanged.connect(lambda _row: self._photo_chosen())
        self.captioning = EditionTextEditor(
            worker,
            tr("Caption in this edition's language"),
            tr("Save caption"),
            tr("Saving the caption…"),
        )
        self.captioning.saved.connect(self.recompose)
        self.caption, self.caption_button = self.captioning.field, self.captioning.button
        self.excerpting = EditionTextEditor(
            worker,
            tr("Excerpt in this edition's language"),
            tr("Save excerpt"),
            tr("Saving the excerpt…"),
            lines=3,
        )
        self.excerpting.saved.connect(self.recompose)
        self.excerpt, self.excerpt_button = self.excerpting.field, self.excerpting.button
        self.printing: list[str] = []  # what the latest preview found about printing
        self.up_button, self.down_button = QPushButton(tr("Earlier")), QPushButton(tr("Later"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.texts = _list()
        self.texts.currentRowChanged.connect(lambda _row: self._text_chosen())
        self.left_out = _list()
        self.warnings = left_out_label()  # the same yellow note as a save's consequences

        self.destination = QLineEdit()
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._choose)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.captioning.said.connect(self.status.setText)
        self.excerpting.said.connect(self.status.setText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.hide()  # until an export runs
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(110)
        self.report.hide()
        self.preview_button = QPushButton(tr("Preview pages"))
        self.preview_button.clicked.connect(self.show_preview)
        self.preview: ExhibitionPreview | None = None  # the latest one opened
        self.export_button = QPushButton(tr("Export"))
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.clicked.connect(self.close)

        self._lay_out(browse)
        self.resize(1100, 760)
        self._load_cases()

    def _lay_out(self, browse: QPushButton) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(tr("Cases")))
        left_layout.addWidget(self.cases, 1)
        form = QFormLayout()
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Paper"), self.paper)
        left_layout.addLayout(form)

        moves = QHBoxLayout()
        moves.addWidget(QLabel(tr("Drag photos into the order they are shown.")), 1)
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        order = QWidget()
        order_layout = QVBoxLayout(order)
        order_layout.setContentsMargins(0, 0, 0, 0)
        order_layout.addWidget(self.included, 1)
        order_layout.addLayout(moves)
        order_layout.addWidget(self.captioning)
        self.texts.setMaximumHeight(84)
        self.texts_label = QLabel(tr("Testimony excerpts, as printed"))
        self.included_box = _boxed(
            tr("Included"), order, self.texts_label, self.texts, self.excerpting
        )
        self.left_out_box = _boxed(tr("Left out"), self.left_out)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.included_box)
        middle.addWidget(self.left_out_box)
        middle.setSizes([640, 120])

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(middle)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 840])

        save_as = QHBoxLayout()
        save_as.addWidget(QLabel(tr("Save as")))
        save_as.addWidget(self.destination, 1)
        save_as.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.bar, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.warnings)
        layout.addLayout(save_as)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.report)

    # -- the case and what its exhibition would be ----------------------------------------

    @property
    def case_ref(self) -> str | None:
        item = self.cases.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _load_cases(self) -> None:
        vault = self._vault
        job = self._worker.submit(lambda _job: case_refs.list_cases(vault), read_only=True)
        job.succeeded.connect(self._fill_cases)
        job.failed.connect(self.status.setText)

    def _fill_cases(self, cases: list[CaseChoice]) -> None:
        self.cases.clear()
        for case in cases:
            item = QListWidgetItem(case_label(case))
            item.setData(Qt.ItemDataRole.UserRole, case.ref)
            self.cases.addItem(item)
            if case.ref == self._wanted_case:
                self.cases.setCurrentItem(item)
        if not cases:
            self.status.setText(tr("There is no case in this vault yet."))
        elif self.cases.currentItem() is None:
            self.cases.setCurrentRow(0)

    def recompose(self) -> None:
        case, language, vault = self.case_ref, str(self.language.currentData()), self._vault
        if case is None:
            return
        self._asked += 1
        asked = self._asked
        self.status.setText(tr("Reading what the exhibition would show…"))
        earlier = self.composition
        job = self._worker.submit(
            lambda _job: compose(vault, case, language, earlier), read_only=True
        )
        job.succeeded.connect(lambda composition: self._show(composition, asked))
        job.failed.connect(self.status.setText)

    def _show(self, composition: Composition, asked: int) -> None:
        if asked != self._asked:
            return  # the curator has since chosen another case or language
        chosen = self._current_photo()  # of the list as it was, before it is refilled
        if self.composition is None or self.composition.case_ref != composition.case_ref:
            self.printing = []  # said of another case's pages
        chosen_text = self.texts.currentRow()
        self.composition = composition
        self.included.blockSignals(True)
        self.included.clear()
        for photo in composition.photos:
            lines = [_reference(photo), photo.caption or tr("(no caption)")]
            if photo.people:
                lines.append(", ".join(photo.people))
            if not photo.faces_looked_for:
                lines.append(tr("Faces not looked for yet: Preview pages looks for them"))
            if photo.undecided_regions:
                lines.append(
                    tr("Face regions to decide: {count}").format(count=photo.undecided_regions)
                )
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, photo.item_id)
            picture = badged_thumbnail(photo.thumbnail, None, THUMBNAIL)
            if picture is not None:
                item.setIcon(QIcon(picture))
            self.included.addItem(item)
            if chosen is not None and photo.item_id == chosen.item_id:
                self.included.setCurrentItem(item)  # still the photo being captioned
        self.included.blockSignals(False)
        self._photo_chosen()
        self.texts.blockSignals(True)
        self.texts.clear()
        for text in composition.texts:
            self.texts.addItem(f"{text.witness or text.ref}: {text.text}")
        if 0 <= chosen_text < self.texts.count():
            self.texts.setCurrentRow(chosen_text)  # still the excerpt being edited
        self.texts.blockSignals(False)
        self._text_chosen()
        for widget in (self.texts, self.texts_label, self.excerpting):
            widget.setVisible(bool(composition.texts))
        self._show_left_out(composition)
        total = len(composition.photos) + len(composition.texts)
        self.included_box.setTitle(
            tr("Included — photos: {photos}, excerpts: {texts}").format(
                photos=len(composition.photos), texts=len(composition.texts)
            )
        )
        self.left_out_box.setTitle(tr("Left out: {count}").format(count=self.left_out.count()))
        self.export_button.setEnabled(total > 0 and self.job is None)
        self.preview_button.setEnabled(total > 0)
        self.status.setText(
            tr("Decide what is marked in red before exporting.") if composition.blocked else ""
        )
        self.composed.emit()

    def _show_left_out(self, composition: Composition) -> None:
        self.left_out.clear()
        holds = [
            tr("{photo}: face regions proposed by the detector are not decided yet.").format(
                photo=_reference(photo)
            )
            for photo in composition.photos
            if photo.undecided_regions
        ] + [
            tr("{place} names {person}, who did not agree to be named: “{excerpt}”").format(
                place=checked.finding.place.label,
                person=checked.finding.pseudonym,
                excerpt=checked.finding.excerpt,
            )
            for checked in composition.unresolved
        ]
        for line in holds:
            item = QListWidgetItem("⛔ " + line)
            item.setForeground(QBrush(QColor(HOLD_COLOUR)))
            item.setToolTip(tr("Stops the export until it is decided."))
            self.left_out.addItem(item)
        for entry in composition.left_out:
            self.left_out.addItem(left_out_line(entry))
        self._show_warnings()

    def _references(self) -> dict[str, str]:
        """Each photo's reference as this window says it, by item id."""
        photos = self.composition.photos if self.composition else ()
        return {photo.item_id: _reference(photo) for photo in photos}

    def _show_warnings(self) -> None:
        """Texts with no translation, and what the latest preview found about printing."""
        composition = self.composition
        lines = list(self.printing)
        if composition is not None and composition.untranslated:
            photos = self._references()
            places = [as_written_line(place, photos) for place in composition.untranslated]
            lines.insert(
                0,
                tr("Printed as written, with no {language} translation: {places}.").format(
                    language=self.language.currentText(),
                    places="; ".join(place for place in places if place),
                ),
            )
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))

    # -- order ------------------------------------------------------------------------------

    def move_current(self, step: int) -> None:
        row = self.included.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.included.count():
            return
        # moveRow's destination is the row before which it goes, counted before the move.
        self.included.model().moveRow(QModelIndex(), row, QModelIndex(), target + (step > 0))
        self.included.setCurrentRow(target)

    def _reordered(self) -> None:
        case, vault = self.case_ref, self._vault
        if case is None:
            return
        order = [
            str(self.included.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.included.count())
        ]
        self.status.setText(tr("Saving the order…"))
        job = self._worker.submit(lambda _job: set_exhibition_order(vault, case, order))
        job.succeeded.connect(lambda _stored: self.recompose())
        job.failed.connect(self.status.setText)

    # -- the caption, in the edition's language -------------------------------------------

    def _current_photo(self) -> ComposedPhoto | None:
        row = self.included.currentRow()
        item = self.included.item(row) if row >= 0 else None
        if item is None or self.composition is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((p for p in self.composition.photos if p.item_id == wanted), None)

    def _photo_chosen(self) -> None:
        photo, vault = self._current_photo(), self._vault
        if photo is None or self.composition is None:
            self.captioning.edit(None, None)
            return
        language = self.composition.language
        self.captioning.edit(
            photo.caption, lambda text: set_caption(vault, photo.sha256, language, text)
        )

    # -- an excerpt, in the edition's language --------------------------------------------

    def _current_text(self) -> ComposedText | None:
        row = self.texts.currentRow()
        if self.composition is None or not 0 <= row < len(self.composition.texts):
            return None
        return self.composition.texts[row]

    def _text_chosen(self) -> None:
        text, vault = self._current_text(), self._vault
        if text is None or self.composition is None:
            self.excerpting.edit(None, None)
            return
        language = self.composition.language
        self.excerpting.edit(
            text.written,
            lambda typed: set_excerpt(vault, text.ref, text.number, language, typed),
        )

    # -- export -----------------------------------------------------------------------------

    def _choose(self) -> None:
        chosen = choose_new_file(
            self, tr("Exhibition PDF"), "PDF (*.pdf)", tr("exhibition") + ".pdf", ".pdf"
        )
        if chosen:
            self.destination.setText(chosen)

    def show_preview(self) -> ExhibitionPreview | None:
        case = self.case_ref
        if case is None:
            return None
        self.preview = ExhibitionPreview(
            self,
            self._worker,
            self._vault,
            case,
            str(self.paper.currentData()),
            str(self.language.currentData()),
            self._references(),
        )
        self.preview.shown.connect(self._previewed)
        self.preview.show()
        return self.preview

    def _previewed(self) -> None:
        """Photos the preview found would print at low resolution, said before any export;
        composed again, as the preview may have looked for faces nobody had looked for."""
        preview, composition = self.preview, self.composition
        if preview is None or preview.printing is None or composition is None:
            return
        if preview.case_ref != composition.case_ref:
            return  # the curator has moved on to another case
        photos = self._references()
        self.printing = [
            low_resolution_line(photo, photos) for photo in preview.printing.low_resolution
        ]
        self._show_warnings()
        self.recompose()

    def export(self) -> None:
        case, vault = self.case_ref, self._vault
        typed = with_suffix(self.destination.text().strip(), ".pdf")
        if not case or not self.destination.text().strip():
            self.status.setText(tr("Give the case and where to save the dossier."))
            return
        destination = Path(typed).expanduser()
        paper, language = str(self.paper.currentData()), str(self.language.currentData())
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.report.hide()
        self.bar.setValue(0)
        self.bar.show()
        self.status.setText(tr("Working…"))
        self.job = self._worker.submit(
            lambda job: exhibition_service.export_exhibition(
                vault, case, destination, paper=paper, language=language, progress=job
            )
        )
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._exported)
        self.job.failed.connect(lambda message: self._ended(tr("Failed."), message))
        self.job.cancelled.connect(
            lambda: self._ended(tr("Stopped at your request; what was finished is kept."), "")
        )

    def _progressed(self, fraction: float, message: str) -> None:
        show_progress(self.bar, self.status, fraction, message)

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(tr("Stopping after the current step…"))

    def _exported(self, result: ExhibitionResult) -> None:
        self.exported = result
        lines = [
            tr("Photographs written to {path}: {count}.").format(
                count=result.photos, path=result.path
            ),
            *result.print_warnings,
            tr(
                "Faces were blurred automatically, but the detector misses some. Look at every "
                "photograph before it is printed."
            ),
        ]
        self.bar.setValue(1000)
        self._ended(tr("Done."), "\n".join(lines))

    def _ended(self, status: str, report: str) -> None:
        self.job = None
        self.bar.setRange(0, 1000)
        self.cancel_button.setEnabled(False)
        self.export_button.setEnabled(True)
        self.status.setText(status)
        self.report.setPlainText(report)
        self.report.setVisible(bool(report))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            self.job.cancel()  # never waited for: the worker stops after its current step
        super().closeEvent(event)
