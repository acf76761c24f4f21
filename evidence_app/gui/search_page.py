"""The search page: hits from every record and item, each with its kind, title and the text
around the match as written, the matched words in bold."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QSize, Qt
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
from evidence_app.core.records_service import vocabulary
from evidence_app.gui.i18n import format_count, language, tr


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
