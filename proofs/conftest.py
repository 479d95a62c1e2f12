"""The proofs share the suite's fixtures (users, clients, workers)."""

from tests.conftest import *  # noqa: F403
