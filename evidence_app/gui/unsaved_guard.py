"""Never lose work silently: before a view shows something else, it asks about what is typed
and not saved — save it, discard it, or stay.

Saving runs as a job on the worker, so "save" cannot go on at once: the view saves exactly as
its Save button does and goes on only once the save succeeded; a refusal keeps the person
where they were, with the message. Locking never asks (it must never wait): what was not
saved is dropped and the lock screen says so.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from evidence_app.gui.i18n import tr

Proceed = Callable[[], object]


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Keeper(Protocol):
    """A view that may hold unsaved work."""

    def unsaved(self) -> str | None:
        """A sentence naming what is not saved; None when nothing is."""

    def save_then(self, proceed: Proceed) -> None:
        """Save as the Save button does; call `proceed` only once the save succeeded."""

    def discard(self) -> None:
        """Show again what is saved, dropping what was typed."""


_asking: QMessageBox | None = None  # the question on screen, if any


def ask_to_keep(parent: QWidget, what: str) -> Choice:
    """Ask what to do with unsaved work; `what` names it in a sentence."""
    global _asking
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Unsaved changes"),
        what,
        buttons.Save | buttons.Discard | buttons.Cancel,
        parent,
    )
    box.setInformativeText(tr("Save them before going on?"))
    # Qt's own word for Discard reads as "reject" in Russian; say what it does.
    box.button(buttons.Discard).setText(tr("Don't save"))
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    _asking = box
    try:
        answer = box.exec()
    finally:
        _asking = None
        box.deleteLater()
    return {buttons.Save: Choice.SAVE, buttons.Discard: Choice.DISCARD}.get(
        buttons(answer), Choice.CANCEL
    )


def withdraw_question() -> None:
    """Take the question off the screen as if Cancel was chosen (the vault is locking)."""
    if _asking is not None:
        _asking.done(QMessageBox.StandardButton.Cancel.value)


def may_leave(parent: QWidget, keeper: Keeper, proceed: Proceed) -> bool:
    """Whether the caller may go on now: nothing unsaved, or it was discarded. False when the
    person stays; after Save, `proceed` is called once the save succeeded."""
    what = keeper.unsaved()
    if what is None:
        return True
    choice = ask_to_keep(parent, what)
    if choice is Choice.DISCARD:
        keeper.discard()
        return True
    if choice is Choice.SAVE:
        keeper.save_then(proceed)
    return False
