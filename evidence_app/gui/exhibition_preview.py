"""The pages of an exhibition before it is written, as pictures in a scrollable window.

The core lays the PDF out exactly as the export would, in memory (core.exhibition_preview);
each page is drawn to an image in memory here. Nothing reaches the disk, nothing is logged
and no exhibit number is given: photos not yet exported show as "New exhibit". Faces nobody
looked for are looked for first, as the export does. What the PDF builder reports about
printing (photos under 150 ppi on the full page) is shown above the pages.
"""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core.errors import Cancelled
from evidence_app.core.exhibition_preview import PrintReport, preview_exhibition
from evidence_app.core.vault_service import Vault
from evidence_app.gui.consent_words import left_out_label
from evidence_app.gui.i18n import tr
from evidence_app.gui.jobs import Job, Worker, show_progress
from evidence_app.gui.words import low_resolution_line

SCALE = 1.25  # pixels per PDF point: an A4 page some 740 pixels wide
WIDTH = 744  # larger paper (A3) is drawn smaller, to the same width: never cut off


def render_pages(pdf: bytes, job: Job) -> list[QImage]:
    """Every page of `pdf` as an image, drawn in memory."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            if job.cancel_requested():
                raise Cancelled("Stopped at your request.")
            job.report(0.9 + 0.1 * index / len(document), tr("Drawing the pages…"))
            page = document[index]
            scale = min(SCALE, WIDTH / page.get_width())
            picture = page.render(scale=scale).to_pil().convert("RGB")
            data = picture.tobytes("raw", "RGB")
            image = QImage(
                data, picture.width, picture.height, 3 * picture.width, QImage.Format.Format_RGB888
            )
            pages.append(image.copy())  # its own pixels, not a view of `data`
        return pages
    finally:
        document.close()


class ExhibitionPreview(QDialog):
    shown = Signal()  # the pages are on screen

    def __init__(
        self,
        parent: QWidget | None,
        worker: Worker,
        vault: Vault,
        case_ref: str,
        paper: str,
        language: str,
        references: dict[str, str] | None = None,  # item id → how the composer names it
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Preview pages"))
        self.case_ref = case_ref
        self.printing: PrintReport | None = None  # the PDF builder's report, once laid out
        self.pages: list[QLabel] = []
        self._references = references or {}
        self.warnings = left_out_label()  # the composer's yellow note
        self.warnings.hide()
        self.status = QLabel(tr("Laying out the pages…"))
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        self._column = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self._column)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.bar, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "As the exhibition would be printed now. Nothing is exported; faces not looked "
                "for yet are looked for first, as the export does."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.warnings)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(860, 900)

        def work(job: Job) -> tuple[PrintReport, list[QImage]]:
            preview = preview_exhibition(vault, case_ref, paper, language, progress=job)
            return preview.printing, render_pages(preview.pdf, job)

        # Not read-only: faces nobody looked for are looked for, and the proposals stored.
        self.job: Job | None = worker.submit(work)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._show)
        self.job.failed.connect(lambda message: self._ended(message))
        self.job.cancelled.connect(lambda: self._ended(tr("Stopped at your request.")))

    def _progressed(self, fraction: float, message: str) -> None:
        show_progress(self.bar, self.status, fraction, message)

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(tr("Stopping after the current step…"))

    def _show(self, result: tuple[PrintReport, list[QImage]]) -> None:
        self.printing, images = result
        lines = [low_resolution_line(p, self._references) for p in self.printing.low_resolution]
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))
        for number, image in enumerate(images, start=1):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setFixedSize(image.size())  # a whole page, scrolled to, never squeezed
            page.setToolTip(tr("Page {number} of {total}").format(number=number, total=len(images)))
            page.setStyleSheet("border: 1px solid #999; background: white;")
            self._column.addWidget(page)
            page.show()  # added to a window already shown: Qt leaves it hidden otherwise
            self.pages.append(page)
        self.bar.setValue(1000)
        self._ended(tr("Pages: {count}.").format(count=len(images)))
        self.shown.emit()

    def _ended(self, status: str) -> None:
        self.job = None
        self.bar.setRange(0, 1000)  # a bar left busy would say it is still working
        self.cancel_button.setEnabled(False)
        self.status.setText(status)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            self.job.cancel()
        super().closeEvent(event)
