"""The consent ledger of a person as a matrix of the four purposes, with their dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from evidence_app.core.records_service import (
    CONSENT_ENTRY,
    Type,
    date_examples,
    format_date,
)
from evidence_app.gui.i18n import language, tr
from evidence_app.gui.record_fields import FieldEditor, typed_date

SCOPE_TITLES = {
    "legal": "Court and investigators",
    "public_anonymous": "Public, without name",
    "public_named": "Public, with name",
    "internal": "Internal only",
}
SCOPE_ALLOWS = {
    "legal": "May go to courts, prosecutors, investigators and UN mechanisms: the court dossier.",
    "public_anonymous": "May be shown publicly, without the name or anything that identifies "
    "the person: exhibitions.",
    "public_named": "May be shown publicly with the person's name; this includes showing it "
    "without the name.",
    "internal": "Kept for the organisation's own documentation; nothing leaves it.",
}
INDEPENDENT = (
    "Each purpose is separate: “Public, without name” does not allow use in court, and "
    "“Court and investigators” does not allow publication."
)


@dataclass
class Consent(FieldEditor):
    """The consent ledger of a person as a matrix: one row per purpose with the dates of its
    latest entry. Ticking a purpose records a new entry (dated today unless a date is typed);
    unticking one withdraws it (today unless a date is typed). Entries are never removed, and
    what the matrix does not show (earlier entries, who recorded, notes) is saved as loaded."""

    key: str
    label: str

    def widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(0, 1)
        headings = {entry.key: tr(entry.label or "") for entry in CONSENT_ENTRY}
        for column, key in enumerate(("scope", "given_on", "withdrawn_on")):
            heading = QLabel(f"<b>{headings[key]}</b>")
            grid.addWidget(heading, 0, column)
        self.rows: dict[str, _ScopeRow] = {}
        for index, scope in enumerate(SCOPE_TITLES):
            row = _ScopeRow(scope)
            self.rows[scope] = row
            grid.addWidget(row.check, 1 + 2 * index, 0)
            grid.addWidget(row.given, 1 + 2 * index, 1)
            grid.addWidget(row.withdrawn, 1 + 2 * index, 2)
            grid.addWidget(row.allows, 2 + 2 * index, 0, 1, 3)
        self.independent = QLabel(tr(INDEPENDENT))
        self.independent.setWordWrap(True)
        self.independent.setStyleSheet(
            "QLabel { background: #eef4fb; border: 1px solid #b8cde6; border-radius: 4px;"
            " padding: 5px; }"
        )
        self.earlier = QLabel()
        self.earlier.setWordWrap(True)
        layout.addWidget(self.independent)
        layout.addLayout(grid)
        layout.addWidget(self.earlier)
        layout.addStretch(1)
        return box

    def load(self, value: Any) -> None:
        self._ledger: list[dict[str, Any]] = [dict(entry) for entry in value or []]
        shown = set()
        for scope, row in self.rows.items():
            latest = _latest(self._ledger, scope)
            row.load(latest, self._ledger[latest] if latest is not None else None)
            shown.add(latest)
        earlier = sum(1 for index in range(len(self._ledger)) if index not in shown)
        self.earlier.setText(
            tr("Earlier consent entries, kept in the record: {count}.").format(count=earlier)
            if earlier
            else ""
        )

    def value(self) -> Any:
        ledger = [dict(entry) for entry in self._ledger]
        for row in self.rows.values():
            row.write_into(ledger)
        return ledger


def _latest(ledger: list[dict[str, Any]], scope: str) -> int | None:
    """The entry a purpose's row shows: the last one not withdrawn, else the last one."""
    of_scope = [index for index, entry in enumerate(ledger) if entry.get("scope") == scope]
    standing = [index for index in of_scope if not ledger[index].get("withdrawn_on")]
    chosen = standing or of_scope
    return chosen[-1] if chosen else None


class _ScopeRow:
    """One purpose: ticked while its latest entry is given and not withdrawn."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.check = QCheckBox(tr(SCOPE_TITLES[scope]))
        self.given, self.withdrawn = QLineEdit(), QLineEdit()
        for edit in (self.given, self.withdrawn):
            edit.setPlaceholderText(date_examples(language())["day"])
            edit.setMaximumWidth(160)
            edit.textEdited.connect(self._typed)
        self.allows = QLabel(tr(SCOPE_ALLOWS[scope]))
        self.allows.setWordWrap(True)
        self.allows.setStyleSheet("color: #505050; margin-left: 24px;")
        self.check.toggled.connect(self._ticked)
        self.latest: int | None = None
        self.entry: dict[str, Any] | None = None
        self.renewed = False  # ticked again after a withdrawal: a new entry

    def load(self, latest: int | None, entry: dict[str, Any] | None) -> None:
        self.latest, self.entry, self.renewed = latest, entry, False
        self._show((entry or {}).get("given_on"), (entry or {}).get("withdrawn_on"))
        self.check.setToolTip(
            "\n".join(
                f"{tr(label)}: {entry[key]}"
                for key, label in (("recorded_by", "Recorded by"), ("note", "Note"))
                if entry and entry.get(key)
            )
        )

    def _show(self, given: str | None, withdrawn: str | None) -> None:
        """Dates stored (ISO) or typed, as the interface language writes them."""
        self.given.setText(consent_cell_text("given_on", {"given_on": given}))
        self.withdrawn.setText(consent_cell_text("withdrawn_on", {"withdrawn_on": withdrawn}))
        self._sync_check()

    def _sync_check(self) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(bool(self.given.text().strip()) and not self.withdrawn.text().strip())
        self.check.blockSignals(False)

    def _typed(self, _text: str) -> None:
        cleared = not self.withdrawn.text().strip()
        if self._was_withdrawn() and not self.renewed and (self.given.isModified() or cleared):
            # Consent given again after a withdrawal is a new entry; the withdrawal stays.
            self.renewed = True
            if not self.given.isModified():
                self.given.setText(format_date(date.today().isoformat(), language()))
            self.withdrawn.clear()
        self._sync_check()

    def _was_withdrawn(self) -> bool:
        return bool(self.entry and self.entry.get("withdrawn_on"))

    def _ticked(self, checked: bool) -> None:
        today = date.today().isoformat()
        entry = self.entry or {}
        if checked and self._was_withdrawn():
            self.renewed = True
            self._show(today, None)
        elif checked:
            self._show(self.given.text().strip() or entry.get("given_on") or today, None)
        elif self.renewed or self.entry is None:
            self.renewed = False
            self._show(entry.get("given_on"), entry.get("withdrawn_on"))
        else:
            self._show(entry.get("given_on"), self.withdrawn.text().strip() or today)

    def write_into(self, ledger: list[dict[str, Any]]) -> None:
        latest = None if self.renewed else self.latest
        row = len(ledger) if latest is None else latest  # where the validator would name it
        given = consent_cell_value("given_on", self.given.text(), row)
        withdrawn = consent_cell_value("withdrawn_on", self.withdrawn.text(), row)
        if latest is None:
            if given or withdrawn:
                ledger.append(
                    {
                        "scope": self.scope,
                        "given_on": given,
                        "recorded_by": None,
                        "note": None,
                        "withdrawn_on": withdrawn,
                    }
                )
            return
        entry = ledger[latest]
        if (given, withdrawn) != (entry.get("given_on"), entry.get("withdrawn_on")):
            entry["given_on"], entry["withdrawn_on"] = given, withdrawn


_CONSENT_DATES = {field.key for field in CONSENT_ENTRY if field.type is Type.DATE}


def consent_cell_text(key: str, entry: dict[str, Any] | None) -> str:
    """A consent entry's value as the matrix shows it: dates as the interface language writes
    them."""
    value = (entry or {}).get(key)
    return format_date(value, language()) if key in _CONSENT_DATES else str(value or "")


def consent_cell_value(key: str, text: str, row: int) -> Any:
    """What a consent cell holds, as records store it; raise Unread for a date not read (`row`:
    the entry's place in the ledger, as the validator's problems name it)."""
    if key in _CONSENT_DATES:
        return typed_date(text, key, row)
    return text.strip() or None
