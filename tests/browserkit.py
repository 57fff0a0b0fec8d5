"""What every browser test shares: Debian's Chromium, its flags, and a free loopback port.

The ``browser`` fixture built on these lives in ``conftest.py``.
"""

from __future__ import annotations

import socket

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
