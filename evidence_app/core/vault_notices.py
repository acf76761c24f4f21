"""What a keeper is told about changing how the vault opens, in the CLI and the app alike.

The English texts are the catalog keys the desktop app translates; the CLI prints them as
they are, so both warn with the same words.
"""

from __future__ import annotations

OLD_COPIES_NOTICE = (
    "A copy of vault.json made before this change still opens the vault with the old "
    "secrets; `evidence-app vault rekey` replaces the master key so that it no longer does."
)

PASSPHRASE_CHANGED = "The passphrase was changed; the old one no longer opens this vault.json."

TRAVEL_MODE_WARNING = (
    "Travel mode removes every passphrase: only the recovery code or the organisation key "
    "will open this vault."
)

# {count}: how many passphrase slots were removed.
TRAVEL_MODE_ON = (
    "Travel mode is on: {count} passphrase slot(s) removed. This computer can no longer open "
    "the vault; the recovery code or the organisation key restores access."
)

TRAVEL_MODE_OFF = "Travel mode is off; the vault opens with the new passphrase."

SLOT_REMOVED = "The key slot was removed; what it held no longer opens this vault.json."

NOTICES = (
    OLD_COPIES_NOTICE,
    PASSPHRASE_CHANGED,
    TRAVEL_MODE_WARNING,
    TRAVEL_MODE_ON,
    TRAVEL_MODE_OFF,
    SLOT_REMOVED,
)
