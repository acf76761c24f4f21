"""Verify a dossier from the desktop (legal teams): no vault, no passphrase.

The same checks as `evidence-app verify-dossier`, shown one by one as passed or failed with
the reason, the signer's fingerprint first (a forged dossier brings its own key, so the
reader compares it with one obtained independently), each exhibit with its custody, and a
report to print or save as PDF.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from evidence_app.core import export_service
from evidence_app.core.export_service import DossierReport
from evidence_app.gui.dialogs import OperationDialog
from evidence_app.gui.file_dialogs import choose_file, choose_folder, choose_new_file
from evidence_app.gui.i18n import format_time, tr
from evidence_app.gui.jobs import Worker

PASSED, FAILED = "✓", "✗"


class DossierCheckDialog(OperationDialog):
    def __init__(self, parent: QWidget | None, worker: Worker, path: Path | None = None) -> None:
        super().__init__(parent, tr("Verify a dossier"))
        self._worker = worker
        self.outcome: DossierReport | None = None
        self.path = QLineEdit(str(path) if path else "")
        self.path.setPlaceholderText(tr("a dossier folder or its .zip"))
        self.signer = QLineEdit()
        self.signer.setPlaceholderText(tr("fingerprint you received by phone or letter (optional)"))
        self.previous = QLineEdit()
        self.previous.setPlaceholderText(tr("an earlier edition of the same dossier (optional)"))
        self.form.addRow(tr("Dossier"), self._with_choosers(self.path))
        self.form.addRow(tr("Expected signer"), self.signer)
        self.form.addRow(tr("Previous edition"), self._with_choosers(self.previous))
        self.checks = QTreeWidget()
        self.checks.setHeaderLabels([tr("Check"), tr("Result")])
        self.checks.setColumnWidth(0, 520)
        self.checks.hide()
        self.body.insertWidget(self.body.indexOf(self.report), self.checks, 2)
        self.save_button = QPushButton(tr("Save the report as PDF…"))
        self.save_button.clicked.connect(self.save_report)
        self.save_button.hide()
        self.buttons.insertWidget(1, self.save_button)
        self.start_button.setText(tr("Verify"))
        self.start_button.clicked.connect(self.start)
        self.resize(860, 620)

    def _with_choosers(self, field: QLineEdit) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field, 1)
        for text, chooser in ((tr("Folder…"), choose_folder), (tr("Zip…"), choose_file)):
            button = QPushButton(text)
            button.clicked.connect(
                lambda _=False, c=chooser, f=field: f.setText(c(self, tr("Choose")) or f.text())
            )
            layout.addWidget(button)
        return row

    def start(self) -> None:
        path = Path(self.path.text().strip()).expanduser()
        signer = self.signer.text().strip() or None
        previous = (
            Path(self.previous.text().strip()).expanduser()
            if self.previous.text().strip()
            else None
        )
        if not self.path.text().strip():
            self.status.setText(tr("Choose the dossier to verify."))
            return
        self.run(
            self._worker,
            lambda job: export_service.check_dossier(path, job, signer, previous),
            self._show,
        )

    def _show(self, report: DossierReport) -> str:
        self.outcome = report
        self.checks.clear()
        if report.signer is not None:
            signer = QTreeWidgetItem([tr("Signed by the key with fingerprint"), ""])
            signer.addChild(QTreeWidgetItem([report.signer.fingerprint, report.signer.name]))
            self.checks.addTopLevelItem(signer)
            signer.setExpanded(True)
            self.checks.addTopLevelItem(QTreeWidgetItem([declared_by(report), ""]))
        for _check, proves, failures in report.checks():
            item = QTreeWidgetItem(
                [
                    tr(proves),
                    f"{FAILED} " + tr("failed") if failures else f"{PASSED} " + tr("passed"),
                ]
            )
            for failure in failures:
                item.addChild(QTreeWidgetItem([failure, ""]))
            self.checks.addTopLevelItem(item)
            item.setExpanded(bool(failures))
        for exhibit in report.custody:
            item = QTreeWidgetItem(
                [
                    tr("Exhibit {number}: {file}").format(number=exhibit.number, file=exhibit.file),
                    exhibit.sha256[:16],
                ]
            )
            for time, action, actor in exhibit.events:
                item.addChild(QTreeWidgetItem([f"{format_time(time)} — {action}", actor]))
            self.checks.addTopLevelItem(item)
        self.checks.show()
        self.save_button.show()
        return summary(report)

    def save_report(self) -> Path | None:
        if self.outcome is None:
            return None
        chosen = choose_new_file(self, tr("Save the verification report"), "PDF (*.pdf)")
        if not chosen:
            return None
        target = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        write_report_pdf(self.outcome, self.path.text().strip(), target)
        return target


def declared_by(report: DossierReport) -> str:
    """Who declared the exhibits to be the files as received; its check is one of the list."""
    if report.declarant is None:
        return tr("No declaration was made by the person who exported it")
    who = ", ".join(value for value in report.declarant.values() if value)
    return tr("Declared by {text}").format(text=who)


def summary(report: DossierReport) -> str:
    lines = [
        tr("Checked {files} files, {exhibits} exhibits and {events} custody events.").format(
            files=report.files_checked, exhibits=report.exhibits, events=report.events
        )
    ]
    if report.ok:
        lines.append(tr("The dossier verifies: every file, signature and proof checks out."))
        if report.expected_signer is None:
            lines.append(
                tr(
                    "This proves the dossier is what the key above signed, not whose key it "
                    "is: compare the fingerprint with one you obtained independently."
                )
            )
    else:
        lines.append(tr("The dossier does NOT verify:"))
        lines += [f"{FAILED} {problem}" for problem in report.problems]
    return "\n".join(lines)


def report_html(report: DossierReport, dossier: str) -> str:
    rows = "".join(
        f"<tr><td>{escape(tr(proves))}</td><td>{FAILED if failures else PASSED}</td></tr>"
        + "".join(f"<tr><td colspan=2>&nbsp;&nbsp;{escape(f)}</td></tr>" for f in failures)
        for _check, proves, failures in report.checks()
    )
    signer = (
        f"<p><b>{escape(tr('Signed by the key with fingerprint'))}</b><br>"
        f"<tt>{escape(report.signer.fingerprint)}</tt> ({escape(report.signer.name)})</p>"
        f"<p>{escape(declared_by(report))}</p>"
        if report.signer
        else ""
    )
    exhibits = "".join(
        f"<h3>{escape(tr('Exhibit {number}: {file}').format(number=e.number, file=e.file))}</h3>"
        f"<p><tt>SHA-256 {escape(e.sha256)}</tt></p><ul>"
        + "".join(
            f"<li>{escape(format_time(t))} — {escape(a)} — {escape(who)}</li>"
            for t, a, who in e.events
        )
        + "</ul>"
        for e in report.custody
    )
    return (
        f"<h1>{escape(tr('Dossier verification report'))}</h1>"
        f"<p>{escape(dossier)}</p>{signer}"
        f"<p>{escape(summary(report)).replace(chr(10), '<br>')}</p>"
        f"<table border=1 cellspacing=0 cellpadding=4>{rows}</table>{exhibits}"
    )


def write_report_pdf(report: DossierReport, dossier: str, target: Path) -> None:
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(tr("Dossier verification report"))
    document = QTextDocument()
    document.setHtml(report_html(report, dossier))
    document.print_(writer)
