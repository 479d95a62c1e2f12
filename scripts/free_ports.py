"""`make run` checks its ports before it migrates or prints a login: a port already taken fails here,
saying which setting names it and how to choose another, instead of after the banner.

    python scripts/free_ports.py PORT=8000 PRESTASHOP_STANDIN_PORT=8010 ALLEGRO_STANDIN_PORT=8011

Exit status 0 when every port can be listened on at 127.0.0.1, 1 (with the reason on stderr) otherwise.
"""

from __future__ import annotations

import socket
import sys


def taken(port: int) -> OSError | None:
    """Why 127.0.0.1:`port` cannot be listened on, or None when it can.

    SO_REUSEADDR as the servers set it: a port left in TIME_WAIT by the last run is free for them.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError as error:
            return error
    return None


def main(arguments: list[str]) -> int:
    """Check each NAME=PORT; returns the exit status."""
    problems = []
    seen: dict[int, str] = {}
    for argument in arguments:
        name, _, value = argument.partition("=")
        if not value.isdigit() or not 0 < int(value) < 65536:
            problems.append(f"{name}={value!r} is not a port number (1-65535).")
            continue
        port = int(value)
        if port in seen:
            problems.append(f"{name} and {seen[port]} are both {port}: give each its own port.")
            continue
        seen[port] = name
        error = taken(port)
        if error is not None:
            problems.append(
                f"Port {port} ({name}) is already in use ({error.strerror}): another program listens there, "
                f"perhaps another `make run`. Stop it, or choose another port: make run {name}={port + 1}"
            )
    for problem in problems:
        print(f"make run: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
