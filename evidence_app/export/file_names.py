"""Names of the files in a dossier's `evidence/` folder: `<exhibit-number>_<original name>`.

Dossiers are opened on Linux, macOS and Windows, from USB sticks and zip files, and checked
with `sha256sum -c`. An original name comes from whoever sent the file, so it is cleaned of
what any of those refuse or misread, and shortened to what they allow without losing its
extension or splitting a character.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_BYTES = 255  # ext4, APFS, and NTFS (in UTF-16 units, which UTF-8 bytes bound)
# Windows Explorer still refuses paths over 260 characters; a dossier unpacked a few folders
# deep needs its names well below 255.
MAX_NAME_CHARS = 120
_MAX_EXTENSION_CHARS = 16
# The exhibit number a name starts with is `<case>-E0001`, and a case's ref may be long:
# past this many characters the prefix keeps its start and its number, and the name keeps
# room of its own.
_MAX_PREFIX_CHARS = 64
_PREFIX_TAIL_CHARS = 16
_FORBIDDEN = set('/\\:*?"<>|')  # path separators and what Windows refuses in a name
# Control and format characters (Cc, Cf: right-to-left overrides that make "gpj.exe" read as
# "exe.jpg", zero-width spaces), line and paragraph separators, and halves of UTF-16 pairs.
_UNSEEN_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{device}{n}" for device in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}


def _clean(name: str) -> str:
    return "".join(
        "_" if ch in _FORBIDDEN or unicodedata.category(ch) in _UNSEEN_CATEGORIES else ch
        for ch in name
    ).strip()


def _split_extension(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    extension = name[dot:] if dot >= 0 else ""
    if not 1 < len(extension) <= _MAX_EXTENSION_CHARS or " " in extension:
        return name, ""
    return name[:dot], extension


def _cut_to_bytes(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` bytes of UTF-8, ending on a whole character."""
    return text.encode("utf-8")[: max(limit, 0)].decode("utf-8", errors="ignore")


def _short_prefix(prefix: str) -> str:
    prefix = _clean(prefix)
    if len(prefix) <= _MAX_PREFIX_CHARS:
        return prefix
    head = _MAX_PREFIX_CHARS - _PREFIX_TAIL_CHARS - 1
    return prefix[:head] + "…" + prefix[-_PREFIX_TAIL_CHARS:]


def exhibit_file_name(prefix: str, original_name: str) -> str:
    """`prefix` + the cleaned original name, at most 120 characters and 255 bytes of UTF-8,
    extension kept. The prefix (the exhibit number and `_`) is cleaned too, and shortened in
    the middle past 64 characters."""
    prefix = _short_prefix(prefix)
    cleaned = _clean(original_name)
    if (prefix + cleaned).split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        prefix = "_" + prefix  # CON, NUL.txt … are devices on Windows, not files
    stem, extension = _split_extension(cleaned)
    budget = MAX_NAME_BYTES - len(prefix.encode("utf-8")) - len(extension.encode("utf-8"))
    stem = _cut_to_bytes(stem[: max(MAX_NAME_CHARS - len(prefix) - len(extension), 0)], budget)
    if not extension:
        stem = stem.rstrip(". ")  # Windows drops trailing dots and spaces, changing the name
    if not (prefix + stem) or not (stem + extension):
        stem = "file"
    return prefix + stem + extension
