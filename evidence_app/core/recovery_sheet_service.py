"""Printing the recovery code: a one-page sheet saved where the person chooses."""

from __future__ import annotations

from pathlib import Path

from evidence_app.export.recovery_sheet import code_lines as code_lines
from evidence_app.export.recovery_sheet import recovery_sheet_pdf
from evidence_app.kernel.errors import BadInput
from evidence_app.storage.atomic import write_new_file


def write_recovery_sheet(
    destination: Path,
    code: str,
    vault_name: str,
    folder: Path,
    created: str,
    language: str = "en",
) -> Path:
    """Save the sheet at `destination` (owner-only, replacing a file the person chose to
    overwrite). The PDF is built in memory, so no other copy of the code reaches disk."""
    data = recovery_sheet_pdf(code, vault_name, str(folder), created, language)
    try:
        write_new_file(destination, data, replace=True)
    except OSError:
        raise BadInput(
            "The recovery sheet could not be saved there. Choose another folder."
        ) from None
    return destination
