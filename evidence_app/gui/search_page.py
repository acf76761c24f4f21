"""The search page: hits from every record and item, each with its kind, title and the text
around the match as written, the matched words in bold."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core import records_service
from evidence_app.core.errors import EvidenceAppError
from evidence_app.core.records_service import vocabulary
from evidence_app.core.vault_service import Changes, Vault
from evidence_app.gui.i18n import format_count, language, tr
from evidence_app.gui.jobs import Worker
from evidence_app.gui.words import kind_words


class SearchPage(QWidget):
    """Results of a full-text search, narrowed by the records service's filters, kept
    current: a write that changes records or items runs the search again."""

    answered = Signal()  # the search the person asked for has its answer (or its error)

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker
        self._vault: Vault | None = None
        self._asked: tuple[str, Any] | None = None  # the text and filters shown
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

    def set_vault(self, vault: Vault | None) -> None:
        self._vault, self._asked = vault, None
        self.heading.clear()
        self.results.clear()

    def search(self, text: str) -> None:
        try:
            filters = self.filters()
        except EvidenceAppError as error:
            self.heading.setText(str(error))
            self.answered.emit()
            return
        if text or filters != records_service.search_filters():
            self._run(text, filters, asked=True)

    def apply_changes(self, changes: Changes) -> None:
        if self._asked is not None and (changes.records or changes.items):
            self._run(*self._asked, asked=False)

    def _run(self, text: str, filters: Any, asked: bool) -> None:
        if self._vault is None:
            return
        vault = self._vault
        job = self._worker.submit(
            lambda _job: records_service.search_everything(
                vault, text, filters, language=language()
            ),
            read_only=True,
        )
        job.succeeded.connect(lambda hits: self._answered(text, filters, hits, asked))
        job.failed.connect(self.heading.setText)

    def _answered(self, text: str, filters: Any, hits: list[Any], asked: bool) -> None:
        self._asked = (text, filters)
        self.show_hits(text, hits)
        if asked:
            self.answered.emit()

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
            kind = kind_words(hit.kind)
            title, code = _title_and_code(hit)
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, (hit.kind, hit.ref))
            # Plain text too, for screen readers and for copying.
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{kind}: {title}. {hit.snippet}")
            after = f" <span style='color:#777'>{escape(code)}</span>" if code else ""
            label = QLabel(
                f"<span style='color:#555'>{escape(kind)}</span> · <b>{escape(title)}</b>{after}"
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


def _title_and_code(hit: Any) -> tuple[str, str]:
    """What a person knows the hit by, then its ref (or the start of its hash) to show
    after it in grey: a record's title begins with its ref (`t-1 — 2023-05-01 …`)."""
    code = hit.ref[:12] if hit.kind == "evidence" else hit.ref
    if hit.kind == "item":
        return hit.title, ""
    ref, _, words = hit.title.partition(" — ")
    if words and ref == hit.ref:
        return words, code
    if hit.title == hit.ref:  # nothing but its ref to name it by
        return code, ""
    return hit.title, code
