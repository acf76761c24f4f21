"""The record editors are built from records.schema: every field is either shown, in the
schema's order and with its label, or kept as loaded, so saving from an editor never
changes what the editor does not show."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from evidence_app.gui.record_forms import RecordForm, shown_fields
from evidence_app.records.schema import RECORD_KINDS
from tests.records.schema_samples import KNOWN_REF, full_entry, parse_one, ref_of


def choices(_kind: str) -> list[tuple[str, str]]:
    return [(KNOWN_REF, "Known record"), ("other-2", "Another record")]


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_the_form_shows_the_schema_fields_with_labels_in_order(qtbot: QtBot, kind: str) -> None:
    form = RecordForm(kind, choices)
    qtbot.addWidget(form)
    expected = [(f.key, f.label) for f in RECORD_KINDS[kind].fields if f.label is not None]
    assert [(editor.key, editor.label) for editor in form.fields] == expected
    assert [f.key for f in shown_fields(kind)] == [key for key, _label in expected]


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_every_field_survives_a_save_from_the_form(qtbot: QtBot, kind: str) -> None:
    """Loaded from a full record, saved unchanged: the service validates the same body."""
    form = RecordForm(kind, choices)
    qtbot.addWidget(form)
    parsed = parse_one(kind, full_entry(kind)).body
    form.load(ref_of(kind), parsed)
    saved = form.body()
    assert set(saved) == {f.key for f in RECORD_KINDS[kind].fields}
    key = RECORD_KINDS[kind].ref_key
    assert parse_one(kind, {key: ref_of(kind), **saved}).body == parsed


def test_an_edit_in_the_form_reaches_the_body_and_the_rest_is_kept(qtbot: QtBot) -> None:
    form = RecordForm("evidence", choices)
    qtbot.addWidget(form)
    parsed = parse_one("evidence", full_entry("evidence")).body
    form.load(ref_of("evidence"), parsed)
    form.field("caption").load("Камера ШИЗО")
    form.field("people").load([])
    saved = form.body()
    assert saved["caption"] == "Камера ШИЗО" and saved["people"] == []
    assert saved["translations"] == parsed["translations"] and saved["language"] == "uk"
