"""Long operations with progress and cancel (import, verify, exports) and the settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import exhibition_service, export_service, ingest_service, verify_service
from evidence_app.core.case_overview import DossierEntry
from evidence_app.core.vault_service import Notice, Vault
from evidence_app.gui.case_picker import CasePicker
from evidence_app.gui.file_dialogs import choose_new_file, with_suffix
from evidence_app.gui.i18n import LANGUAGES, tr
from evidence_app.gui.i18n import language as interface_language
from evidence_app.gui.jobs import Job, Worker, show_progress
from evidence_app.gui.provenance_form import ProvenanceForm, UnreadProvenance
from evidence_app.gui.settings import AppSettings
from evidence_app.gui.words import left_out_line


class OperationDialog(QDialog):
    """Runs one long operation: a progress bar, a Cancel button, then a report to read."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.hide()
        self.cancel_button = QPushButton(tr("Cancel"))
        self.close_button = QPushButton(tr("Close"))
        self.close_button.hide()
        self.close_button.clicked.connect(self.accept)
        self.job: Job | None = None
        self.retry_on_failure = False
        self.form = QFormLayout()
        self.start_button = QPushButton(tr("Start"))
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.cancel_button)
        self.buttons.addWidget(self.start_button)
        self.buttons.addWidget(self.close_button)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.status)
        self.body.addWidget(self.bar)
        self.body.addWidget(self.report, 1)
        self.body.addLayout(self.buttons)
        self.cancel_button.clicked.connect(self._cancel)
        self.resize(620, 420)

    def run(
        self, worker: Worker, work: Callable[[Job], Any], describe: Callable[[Any], str]
    ) -> None:
        self.start_button.setEnabled(False)
        self.status.setText(tr("Working…"))
        self.job = worker.submit(work)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(lambda result: self._finished(describe(result)))
        self.job.failed.connect(lambda message: self._finished(message, failed=True))
        self.job.cancelled.connect(
            lambda: self._finished(tr("Stopped at your request; what was finished is kept."))
        )

    def _progressed(self, fraction: float, message: str) -> None:
        show_progress(self.bar, self.status, fraction, message)

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(tr("Stopping after the current step…"))
        else:
            self.reject()

    def _finished(self, text: str, failed: bool = False) -> None:
        self.bar.setRange(0, 1000)
        self.bar.setValue(1000 if not failed else self.bar.value())
        self.status.setText(tr("Failed.") if failed else tr("Done."))
        self.report.setPlainText(text)
        self.report.show()
        self.job = None
        if failed and self.retry_on_failure:  # correct what was refused and start again
            self.start_button.setEnabled(True)
            return
        self.cancel_button.hide()
        self.start_button.hide()
        self.close_button.show()


def describe_ingest(report: ingest_service.IngestReport) -> str:
    lines = [
        tr("Stored: {count}").format(count=report.count("stored")),
        tr("Already in the vault: {count}").format(
            count=report.count("already_present") + report.count("reacquired")
        ),
        tr("Could not be stored: {count}").format(count=report.count("failed")),
    ]
    if report.count("skipped"):
        lines.append(tr("Not taken (links): {count}").format(count=report.count("skipped")))
    if report.cancelled:
        lines.append(tr("Stopped before the end; the files listed as stored are kept."))
    for outcome in report.outcomes:
        if outcome.status in ("failed", "skipped"):
            lines.append(f"✗ {outcome.path}: {outcome.reason}")
        elif outcome.notes:
            lines.append(f"• {outcome.path}: {' '.join(outcome.notes)}")
    return "\n".join(lines)


class ImportDialog(OperationDialog):
    def __init__(self, parent: QWidget | None, worker: Worker, vault: Vault, paths: list[Path]):
        super().__init__(parent, tr("Import evidence"))
        self._worker, self._vault, self.paths = worker, vault, paths
        self.source = QLineEdit()
        self.source.setPlaceholderText(tr("who or where the files came from"))
        self.case = CasePicker(worker, vault, allow_none=True)
        self.case.failed.connect(self.status.setText)
        self.files = QLabel(
            "\n".join(str(p) for p in paths[:8]) + ("\n…" if len(paths) > 8 else "")
        )
        self.form.addRow(tr("Files"), self.files)
        self.form.addRow(tr("Source"), self.source)
        self.form.addRow(tr("Case"), self.case)
        self.provenance = ProvenanceForm(worker, vault)
        self.body.insertWidget(1, self.provenance)
        self.retry_on_failure = True  # provenance refused: correct it and import again
        self.resize(620, 560)
        self.start_button.setText(tr("Import"))
        self.start_button.clicked.connect(self.start)

    def start(self) -> None:
        vault, paths = self._vault, self.paths
        source, case = self.source.text().strip(), self.case.ref
        try:
            provenance = self.provenance.value()
        except UnreadProvenance as error:
            self.status.setText(str(error))
            return
        self.run(
            self._worker,
            lambda job: ingest_service.ingest_paths(
                vault, paths, source, case, progress=job, provenance=provenance
            ),
            describe_ingest,
        )


def describe_verification(report: verify_service.VerificationReport) -> str:
    lines = [
        tr("Checked {events} custody events, {checkpoints} checkpoints and {items} items.").format(
            events=report.events, checkpoints=report.checkpoints, items=report.items
        )
    ]
    if report.ok:
        lines.append(tr("Everything verifies."))
        return "\n".join(lines)
    if report.first_bad_event is not None:
        lines.append(tr("First bad event: {seq}").format(seq=report.first_bad_event))
    lines += [f"✗ {problem.message}" for problem in report.problems]
    return "\n".join(lines)


class VerifyDialog(OperationDialog):
    def __init__(self, parent: QWidget | None, worker: Worker, vault: Vault) -> None:
        super().__init__(parent, tr("Verify the vault"))
        self._worker, self._vault = worker, vault
        self.full = QComboBox()
        self.full.addItem(tr("Quick: the log and every file's presence and length"), False)
        self.full.addItem(tr("Full: also decrypt and re-hash every file"), True)
        self.form.addRow(tr("Check"), self.full)
        self.start_button.setText(tr("Verify"))
        self.start_button.clicked.connect(self.start)

    def start(self) -> None:
        vault, full = self._vault, bool(self.full.currentData())
        self.run(
            self._worker,
            lambda job: verify_service.verify_vault(vault, full=full, progress=job),
            describe_verification,
        )


def _omitted(left_out: tuple[DossierEntry, ...]) -> str:
    if not left_out:
        return ""
    return "\n" + tr("Left out:") + "\n" + "\n".join(f"• {left_out_line(e)}" for e in left_out)


def _unnamed(unnamed: list[str]) -> str:
    if not unnamed:
        return ""
    return "\n" + tr(
        "People in a provenance chain not named in the dossier, without consent to legal "
        "use: {count}."
    ).format(count=len(unnamed))


def _notices(notices: list[Notice]) -> str:
    return "".join("\n\n" + notice.render(tr) for notice in notices)


DECLARANT_FIELDS = ("name", "role", "organisation")


class ExportDialog(OperationDialog):
    """Either dossier: accountability (a folder) or exhibition (a PDF).

    The accountability dossier's declarant (name, role, organisation) is remembered in
    `declarant`, a dict the window keeps in memory until the vault locks: never in the
    settings, since it names the researcher."""

    def __init__(
        self,
        parent: QWidget | None,
        worker: Worker,
        vault: Vault,
        kind: str,
        declarant: dict[str, str] | None = None,
    ) -> None:
        title = tr("Accountability dossier") if kind == "accountability" else tr("Exhibition")
        super().__init__(parent, title)
        self._worker, self._vault, self.kind = worker, vault, kind
        self.retry_on_failure = True  # a refused export keeps the form as it was filled
        self.case = CasePicker(worker, vault)
        self.case.failed.connect(self.status.setText)
        self.destination = QLineEdit()
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(browse)
        self.form.addRow(tr("Case"), self.case)
        self.form.addRow(tr("Save as"), row)
        self.paper = QComboBox()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        # Either dossier speaks the interface's language unless the person picks another.
        self.language.setCurrentIndex(max(0, self.language.findData(interface_language())))
        if kind == "exhibition":
            for paper in ("A4", "A3", "Letter"):
                self.paper.addItem(paper, paper.lower())
            self.form.addRow(tr("Paper"), self.paper)
        self.form.addRow(tr("Language"), self.language)
        self._declarant = declarant if declarant is not None else {}
        self.declarant_fields = {
            field: QLineEdit(self._declarant.get(field, "")) for field in DECLARANT_FIELDS
        }
        if kind == "accountability":
            self.declarant_fields["name"].setPlaceholderText(
                tr("leave empty to make no declaration")
            )
            self.declarant_fields["organisation"].setPlaceholderText(tr("optional"))
            explained = QLabel(
                tr(
                    "The dossier carries your declaration, signed with the vault's key, that "
                    "the exhibits are the files as received and kept in the vault. Without "
                    "your name and role it says that no declaration was made: fit for "
                    "internal review, not for a court."
                )
            )
            explained.setWordWrap(True)
            self.form.addRow(explained)
            self.form.addRow(tr("Your name"), self.declarant_fields["name"])
            self.form.addRow(tr("Your role"), self.declarant_fields["role"])
            self.form.addRow(tr("Organisation"), self.declarant_fields["organisation"])
        self.start_button.setText(tr("Export"))
        self.start_button.clicked.connect(self.start)

    def _choose(self) -> None:
        if self.kind == "accountability":
            chosen = choose_new_file(self, tr("New folder for the dossier"))
        else:
            chosen = choose_new_file(
                self, tr("Exhibition PDF"), "PDF (*.pdf)", tr("exhibition") + ".pdf", ".pdf"
            )
        if chosen:
            self.destination.setText(chosen)

    def start(self) -> None:
        vault, case = self._vault, self.case.ref or ""
        typed = self.destination.text().strip()
        if self.kind == "exhibition":
            typed = with_suffix(typed, ".pdf")
        destination = Path(typed).expanduser()
        if not case or not typed:
            self.status.setText(tr("Give the case and where to save the dossier."))
            return
        if self.kind == "accountability":
            typed_declarant = {f: self.declarant_fields[f].text().strip() for f in DECLARANT_FIELDS}
            if any(typed_declarant.values()) and not (
                typed_declarant["name"] and typed_declarant["role"]
            ):
                self.status.setText(
                    tr("Give your name and role for the declaration, or leave all three empty.")
                )
                return
            self._declarant.update(typed_declarant)  # for the next export of this session
            language = str(self.language.currentData())
            declarant = (
                export_service.Declarant(**typed_declarant)
                if any(typed_declarant.values())
                else None
            )
            self.run(
                self._worker,
                lambda job: export_service.export_accountability(
                    vault,
                    case,
                    destination,
                    progress=job,
                    declarant=declarant,
                    language=language,
                ),
                lambda result: (
                    tr("Exhibits written to {path}: {count}.").format(
                        count=result.exhibits, path=result.path
                    )
                    + "\n"
                    + (
                        tr("Your declaration is signed into the dossier.")
                        if result.declarant
                        else tr("No declaration was made; the dossier says so.")
                    )
                    + _omitted(result.left_out)
                    + _unnamed(result.unnamed)
                    + _notices(result.notices)
                ),
            )
            return
        paper, language = self.paper.currentData(), self.language.currentData()
        self.run(
            self._worker,
            lambda job: exhibition_service.export_exhibition(
                vault, case, destination, paper=paper, language=language, progress=job
            ),
            lambda result: (
                tr("Photographs written to {path}: {count}.").format(
                    count=result.photos, path=result.path
                )
                + _omitted(result.left_out)
                + _notices(result.notices)
                + "\n\n"
                + tr(
                    "Faces were blurred automatically, but the detector misses some. Look at every "
                    "photograph before it is printed."
                )
            ),
        )


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, settings: AppSettings) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))
        self.settings = settings
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.autolock = QSpinBox()
        self.autolock.setRange(1, 240)
        self.autolock.setSuffix(" " + tr("min"))
        self.autolock.setValue(settings.autolock_minutes)
        self.folder = QLineEdit(str(settings.vault_folder))
        self.remember_recent = QCheckBox(tr("Remember recently opened vaults (their folders)"))
        self.remember_recent.setChecked(settings.remember_recent)
        form = QFormLayout()
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Lock after inactivity"), self.autolock)
        form.addRow(tr("Default vault folder"), self.folder)
        form.addRow("", self.remember_recent)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.language = str(self.language.currentData())
        self.settings.autolock_minutes = self.autolock.value()
        self.settings.remember_recent = self.remember_recent.isChecked()
        if self.folder.text().strip():
            self.settings.vault_folder = Path(self.folder.text().strip()).expanduser()
        self.settings.sync()
        super().accept()
