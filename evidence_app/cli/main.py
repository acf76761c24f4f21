"""Entry point of `evidence-app`: parse, dispatch, turn errors into one line and an exit code.

Exit codes (DESIGN §4): 0 done; 1 verification found problems; 2 bad usage or input;
3 wrong passphrase or no way to unlock; 4 vault in use or unknown format.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from evidence_app import __version__
from evidence_app.cli import (
    evidence_commands,
    exhibition_commands,
    export_commands,
    gui_command,
    records_commands,
    vault_commands,
)
from evidence_app.core.errors import EvidenceAppError


def common_options() -> argparse.ArgumentParser:
    """Options every command accepts, before or after its name."""
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--vault", metavar="DIR", help="vault folder (or EVIDENCE_APP_VAULT)")
    common.add_argument("--passphrase-file", metavar="FILE", help="read the passphrase from FILE")
    common.add_argument("--recovery-file", metavar="FILE", help="unlock with the recovery code")
    common.add_argument("--org-key-file", metavar="FILE", help="unlock with an organisation key")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="evidence-app",
        parents=[common],
        description="Encrypted evidence vault with a signed chain-of-custody log.",
    )
    parser.add_argument("--version", action="version", version=f"evidence-app {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    vault_commands.register(commands, common)
    evidence_commands.register(commands, common)
    records_commands.register(commands, common)
    export_commands.register(commands, common)
    exhibition_commands.register(commands, common)
    gui_command.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except EvidenceAppError as error:
        print(f"evidence-app: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("evidence-app: interrupted; everything reported as done is kept.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
