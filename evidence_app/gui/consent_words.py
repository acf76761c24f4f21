"""Why material is left out of a dossier, in the interface's language: the core's reason
codes and parameters (records.reasons) rendered through the translation catalogs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from evidence_app.core.dossier_impact import ACCOUNTABILITY, EXHIBITION, LeftOut, sentence
from evidence_app.gui.i18n import tr
from evidence_app.gui.words import kind_words

# What was left out, as the message names it (the kinds of export.selection.Omission).
FELL_OUT = {
    ACCOUNTABILITY: "{what} is left out of the court dossier of case {case}.",
    EXHIBITION: "{what} is left out of the exhibition of case {case}.",
}
HEADING = "Saved. After this change, material is left out of a dossier:"


def reason_text(code: str, params: Mapping[str, Any]) -> str:
    return sentence(code, params, tr)


def fell_out_message(fell_out: list[LeftOut], name_people: bool = True) -> str:
    """One line per piece of material: what, which dossier of which case, and why."""
    lines = []
    for left in fell_out:
        omission = left.omission
        what = f"{kind_words(omission.kind)} {left.subject_label or omission.subject}"
        why = reason_text(omission.code, omission.params)
        if name_people and omission.person:
            why = f"{left.person_label or omission.person}: {why}"
        case = left.case_label or left.case_ref
        line = tr(FELL_OUT[left.dossier]).format(what=what, case=case)
        lines.append(f"• {line} {why}")
    return tr(HEADING) + "\n" + "\n".join(lines) if lines else ""


def left_out_label() -> QLabel:
    """Where a save's consequences for the dossiers are said: hidden until there are some."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(
        "QLabel { background: #fff4d6; color: #5c3b00; border: 1px solid #e0b040;"
        " border-radius: 4px; padding: 6px; }"
    )
    label.hide()
    return label
