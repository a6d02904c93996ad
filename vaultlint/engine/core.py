"""The engine's names where they were before the engine was split (kept while importers move to vaultlint.engine)."""

from vaultlint.engine import *  # noqa: F403
from vaultlint.engine import __all__  # noqa: F401
from vaultlint.model import Problem  # noqa: F401
