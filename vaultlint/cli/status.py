"""Exit statuses, and the user error any command may raise."""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CliError(Exception):
    """A user error: printed as one line on stderr, exit 2."""
