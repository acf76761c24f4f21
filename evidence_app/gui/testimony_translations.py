"""The translations of a testimony, one tab each: language, translator, the revision the
translation was made from, and the account's sections translated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core.records_service import TRANSLATION
from evidence_app.gui.i18n import tr
from evidence_app.gui.record_fields import FieldEditor, Sections

_LABELS = {part.key: part.label or "" for part in TRANSLATION}


class TranslationPage(QWidget):
    """One translation. The revision starts unset: the form refuses to save it until the
    person says which revision the translator worked from (the History lists them)."""

    def __init__(self) -> None:
        super().__init__()
        self.language, self.translator = QLineEdit(), QLineEdit()
        self.language.setPlaceholderText("en, uk, ru …")
        self.revision = QSpinBox()
        self.revision.setRange(0, 1_000_000)
        self.revision.setSpecialValueText("—")
        self.revision.setToolTip(tr("The revision the translator worked from; see History."))
        self.sections = Sections("sections", _LABELS["sections"])
        form = QFormLayout(self)
        form.addRow(tr(_LABELS["language"]), self.language)
        form.addRow(tr(_LABELS["translator"]), self.translator)
        form.addRow(tr(_LABELS["revision"]), self.revision)
        form.addRow(tr(_LABELS["sections"]), self.sections.widget())

    def load(self, value: dict[str, Any]) -> None:
        self.language.setText(str(value.get("language") or ""))
        self.translator.setText(str(value.get("translator") or ""))
        revision = value.get("revision")
        self.revision.setValue(revision if isinstance(revision, int) else 0)
        self.sections.load(value.get("sections"))

    def value(self) -> dict[str, Any]:
        return {
            "language": self.language.text().strip() or None,
            "translator": self.translator.text().strip() or None,
            "revision": self.revision.value() or None,
            "sections": self.sections.value(),
        }


@dataclass
class Translations(FieldEditor):
    key: str
    label: str
    pages: list[TranslationPage] = field(default_factory=list)

    def widget(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.hide()
        self.add_button = QPushButton(tr("Add a translation"))
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button = QPushButton(tr("Remove this translation"))
        self.remove_button.clicked.connect(self._remove_current)
        self.remove_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addWidget(self.tabs)
        column.addLayout(buttons)
        return box

    def add(self, value: dict[str, Any] | None = None) -> TranslationPage:
        page = TranslationPage()
        page.load(value or {})
        page.language.textChanged.connect(lambda: self._retitle(page))
        self.pages.append(page)
        self.tabs.addTab(page, "")
        self._retitle(page)
        self.tabs.setCurrentWidget(page)
        self.tabs.show()
        self.remove_button.show()
        return page

    def _retitle(self, page: TranslationPage) -> None:
        self.tabs.setTabText(self.tabs.indexOf(page), page.language.text().strip() or "…")

    def _remove_current(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, TranslationPage):
            self.pages.remove(page)
            self.tabs.removeTab(self.tabs.indexOf(page))
            page.deleteLater()
        self.tabs.setVisible(bool(self.pages))
        self.remove_button.setVisible(bool(self.pages))

    def load(self, value: Any) -> None:
        while self.pages:
            self.tabs.setCurrentWidget(self.pages[-1])
            self._remove_current()
        for translation in value or []:
            self.add(translation)
        if self.pages:
            self.tabs.setCurrentIndex(0)

    def value(self) -> Any:
        return [
            translation
            for translation in (page.value() for page in self.pages)
            if any(v not in (None, {}) for v in translation.values())
        ]
