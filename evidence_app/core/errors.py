"""The errors a user can cause, as the GUI and the CLI see them.

They are defined at the bottom of the layers (`evidence_app.kernel.errors`) so every package
can raise them; the shells import them from here and never reach below `core`.
"""

from evidence_app.kernel.errors import (
    BadInput as BadInput,
)
from evidence_app.kernel.errors import (
    Cancelled as Cancelled,
)
from evidence_app.kernel.errors import (
    EvidenceAppError as EvidenceAppError,
)
from evidence_app.kernel.errors import (
    IntegrityError as IntegrityError,
)
from evidence_app.kernel.errors import (
    NoWayToUnlock as NoWayToUnlock,
)
from evidence_app.kernel.errors import (
    UnknownVaultFormat as UnknownVaultFormat,
)
from evidence_app.kernel.errors import (
    VaultInUse as VaultInUse,
)
from evidence_app.kernel.errors import (
    VaultNotFound as VaultNotFound,
)
from evidence_app.kernel.errors import (
    VaultReadOnly as VaultReadOnly,
)
from evidence_app.kernel.errors import (
    VerificationFailed as VerificationFailed,
)
from evidence_app.kernel.errors import (
    WrongSecret as WrongSecret,
)
