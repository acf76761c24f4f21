"""The recovery sheet: one printable page holding the code, written only where asked."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from evidence_app.core.recovery_sheet_service import code_lines, write_recovery_sheet
from evidence_app.crypto.recovery_code import format_recovery_code, new_recovery_code
from evidence_app.kernel.errors import BadInput


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def files_changed_since(folder: Path, moment: float) -> list[Path]:
    changed = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            try:
                if path.stat().st_mtime >= moment and path.is_file():
                    changed.append(path)
            except OSError:
                continue
    return changed


@pytest.mark.parametrize(
    ("language", "warning"),
    [
        ("en", "Anyone who holds this sheet can open the vault"),
        ("ru", "Любой, у кого окажется этот лист, может открыть хранилище"),
        ("uk", "Будь-хто, у кого опиниться цей аркуш, може відкрити сховище"),
    ],
)
def test_the_sheet_is_one_page_with_the_code_the_vault_and_a_warning_in_its_language(
    tmp_path: Path, language: str, warning: str
) -> None:
    code = format_recovery_code(new_recovery_code())
    sheet = tmp_path / "sheet.pdf"
    write_recovery_sheet(
        sheet, code, "Полевое хранилище", tmp_path / "Сховище", "05.01.2026", language
    )
    laid_out = run("pdftotext", "-layout", str(sheet), "-").splitlines()
    text = " ".join(" ".join(laid_out).split())
    assert "Pages: 1" in " ".join(run("pdfinfo", str(sheet)).split())
    for line in code_lines(code):  # on paper as on screen: the same whole groups to a line
        assert any(line == printed.split() for printed in laid_out), (line, laid_out)
    assert "Полевое хранилище" in text
    reading_order = "".join(run("pdftotext", str(sheet), "-").split())
    assert str(tmp_path / "Сховище") in reading_order  # a long path may wrap
    assert "05.01.2026" in text
    assert warning in text
    assert sheet.stat().st_mode & 0o077 == 0  # the owner's only


def test_the_sheet_embeds_its_fonts(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.pdf"
    code = format_recovery_code(new_recovery_code())
    write_recovery_sheet(sheet, code, "Vault", tmp_path, "2026-01-05", "uk")
    rows = run("pdffonts", str(sheet)).splitlines()[2:]
    assert len(rows) >= 2  # the sans face for words, the monospace face for the code
    for row in rows:
        assert "TrueType" in row and " yes yes yes " in row, row  # embedded, subset, unicode
    assert any("DejaVuSansMono" in row for row in rows)


def test_no_copy_of_the_code_reaches_disk_except_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    chosen = tmp_path / "usb"
    chosen.mkdir()
    code = format_recovery_code(new_recovery_code())
    started = time.time() - 1
    write_recovery_sheet(chosen / "sheet.pdf", code, "Vault", tmp_path / "vault", "today")
    assert sorted(chosen.iterdir()) == [chosen / "sheet.pdf"]  # no staging file left
    assert list(private_tmp.iterdir()) == []
    # The system's temporary folder and the home folder hold no file written meanwhile
    # that carries the code in the clear.
    groups = [group.encode() for group in code.split("-")[:3]]
    for folder in {Path(tempfile.gettempdir()), Path("/tmp"), Path.home()}:
        for path in files_changed_since(folder, started):
            try:  # other programs' files come and go meanwhile
                if path.parent == chosen or path.stat().st_size > 10_000_000:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            assert not any(group in data for group in groups), path


def test_a_folder_that_cannot_be_written_is_a_clear_message(tmp_path: Path) -> None:
    code = format_recovery_code(new_recovery_code())
    with pytest.raises(BadInput, match="could not be saved there"):
        write_recovery_sheet(tmp_path / "missing" / "sheet.pdf", code, "Vault", tmp_path, "today")


def test_code_lines_keep_every_group_whole() -> None:
    code = format_recovery_code(new_recovery_code())
    lines = code_lines(code)
    assert [len(line) for line in lines] == [4, 4, 4, 1]
    assert "-".join(group for line in lines for group in line) == code
