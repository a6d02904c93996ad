"""Exit statuses, and the user error any command may raise."""

from vaultlint.errors import VaultlintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CliError(VaultlintError):
    """A user error of the command line: printed as one line on stderr, exit 2."""
