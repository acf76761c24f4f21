"""English, Russian and Ukrainian: every visible string, switched in the settings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from evidence_app.gui import i18n
from evidence_app.gui.main_window import MainWindow

GUI = Path(i18n.__file__).parent
# Strings shown through a table of their own rather than a tr("…") call.
TABLES = [
    "KIND_TITLES",
    "SCOPE_TITLES",
    "SCOPE_ALLOWS",
    "COLUMNS",
    "ACTION_WORDS",
    "KIND_WORDS",
    "MEDIA_WORDS",
]


def shown_strings() -> set[str]:
    found: set[str] = set()
    for path in GUI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    from evidence_app.core.records_service import CONSENT_ENTRY, SECTION_LABELS
    from evidence_app.gui import (
        consent_matrix,
        evidence_model,
        record_forms,
        records_view,
        words,
    )

    found.update(records_view.KIND_TITLES.values())
    found.update(SECTION_LABELS.values())
    found.update(field.label for field in CONSENT_ENTRY if field.label)
    found.update(consent_matrix.SCOPE_TITLES.values())
    found.update([*consent_matrix.SCOPE_ALLOWS.values(), consent_matrix.INDEPENDENT])
    from evidence_app.gui import consent_words

    found.update(consent_words.FELL_OUT.values())
    found.add(consent_words.HEADING)
    from evidence_app.records import reasons  # rendered through tr() by consent_words

    found.update([*reasons.TEMPLATES.values(), *reasons.PURPOSE_WORDS.values()])
    from evidence_app.export import observations  # rendered through tr() by item_observations

    found.update([*observations.TEMPLATES.values(), *observations.RELATIONS.values()])
    found.add(reasons.UNKNOWN_PURPOSE)
    for table in (words.ACTION_WORDS, words.KIND_WORDS, words.MEDIA_WORDS, words.FAMILY_WORDS):
        found.update(table.values())
    found.update(heading for heading, _key, _sort in evidence_model.COLUMNS)
    from evidence_app.core.vault_notices import NOTICES  # shared with the CLI, shown via tr()

    found.update(NOTICES)
    from evidence_app.core import case_labels, export_staging  # notices, shown via render(tr)

    found.update(text for pair in export_staging.LEFTOVER_WORDS.values() for text in pair)
    found.update([*export_staging.REASONS, case_labels.CASES_MADE_RECORDS])
    from evidence_app.export.dossier_verifier import CHECKS  # the dossier checks' titles

    found.update(CHECKS.values())
    from evidence_app.core.words import C2PA_WORDS  # said through tr() by c2pa_credentials

    found.update(C2PA_WORDS.values())
    for kind in records_view.KIND_TITLES:
        found.update(field.label for field in record_forms.fields_of(kind, lambda _k: []))
        for field in record_forms.shown_fields(kind):  # columns of rows, parts of a group
            found.update(part.label for part in field.parts if part.label)
    return found


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_string_the_interface_shows_is_translated(language: str) -> None:
    catalog = i18n.catalog(language)
    missing = sorted(text for text in shown_strings() if not catalog.get(text, "").strip())
    assert missing == []
    # Placeholders survive translation, so formatting never fails.
    for english, translated in catalog.items():
        for name in (
            "{count}",
            "{number}",
            "{ref}",
            "{path}",
            "{text}",
            "{seq}",
            "{kind}",
            "{wanted}",
            "{given}",
            "{what}",
            "{case}",
            "{date}",
            "{media_type}",
            "{error}",
        ):
            assert (name in english) == (name in translated), (language, english)


def test_switching_language_in_the_settings_relabels_the_window(
    qtbot: QtBot, opened: MainWindow
) -> None:
    dialog = opened.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("uk"))
    dialog.accept()
    menus = [action.text() for action in opened.menuBar().actions()]
    assert menus == ["&Сховище", "&Експорт", "&Довідка"]
    assert opened.navigator.item(0).text() == "Докази"
    assert opened.vault is not None and opened.pages.currentWidget() is opened.workspace

    dialog = opened.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    dialog.accept()
    assert opened.navigator.item(2).text() == "Свидетельства"
    assert "Поиск" in opened.search.placeholderText()


def test_dates_and_numbers_follow_the_language() -> None:
    i18n.set_language("ru")
    try:
        assert i18n.format_count(100000) == "100\u00a0000"  # a no-break space
        assert i18n.format_time("2023-05-01T10:00:00Z").startswith("01.05.2023")
    finally:
        i18n.set_language("en")
    assert i18n.format_count(100000) == "100,000"


@pytest.mark.parametrize(("language", "cancel"), [("ru", "Отмена"), ("uk", "Скасувати")])
def test_qts_own_buttons_speak_the_interface_language(
    qtbot: QtBot, language: str, cancel: str
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    i18n.set_language(language)
    try:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(buttons)
        shown = buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
        assert shown == cancel
    finally:
        i18n.set_language("en")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    english = buttons.button(QDialogButtonBox.StandardButton.Cancel).text()
    assert english.replace("&", "") == "Cancel"
