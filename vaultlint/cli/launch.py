"""The `vaultlint` command: handed to this install's server when one listens (`cli.client`), else run here."""

from __future__ import annotations

import os
import sys

from vaultlint.cli.rendezvous import USE_ENV


def run() -> None:
    """Console-script entry point. `vaultlint server ...` always runs here; so does `python -m vaultlint`."""
    argv = sys.argv[1:]
    if argv[:1] != ["server"]:
        from vaultlint.cli.client import forward, nobody_listens

        status = forward(argv)
        if status is not None:
            sys.stderr.flush()
            os._exit(status)
        if os.environ.get(USE_ENV) == "1" and nobody_listens():
            start_server()
    from vaultlint.cli.main import run as run_here

    run_here()


def start_server() -> None:
    """Start this install's server for the runs after this one ($VAULTLINT_SERVER=1 asked for it), detached from
    this run: its own session, its streams /dev/null, so a hook's caller does not wait on it."""
    import subprocess

    # -P, from /: the server imports nothing from the folder this run happened to be in.
    command = [sys.executable, "-P", "-m", "vaultlint", "server", "start", "--quiet"]
    try:
        subprocess.Popen(  # noqa: S603 - this interpreter, this package: nothing from the command line
            command,
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        pass  # the run goes on without: the next one may start it
