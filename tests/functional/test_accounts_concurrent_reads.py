"""Many clients reading users at once with a database pool smaller than their number (on
PostgreSQL most of these reads are answered on the I/O threads, waiting their turn for a pooled
connection): every answer is the one a lone request would get, a change is seen by every read that
starts after its PATCH was answered, and nothing fails for want of a connection.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from accounts_support import FAST_HASHING, USERS, register, unique

CLIENTS = 12
READS_PER_CLIENT = 15


def read_many(url: str, token: str) -> list[tuple[int, dict]]:
    with requests.Session() as session:  # keep-alive, like a browser or a load test
        answers = []
        for _ in range(READS_PER_CLIENT):
            r = session.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
            answers.append((r.status_code, r.json()))
        return answers


@pytest.mark.single_binary(reason="runs a server with a database pool of its own (DATABASE_POOL_SIZE=2)")
def test_concurrent_reads_see_each_change_once_it_is_answered(backend_server_factory):
    srv = backend_server_factory({**FAST_HASHING, "DATABASE_POOL_SIZE": "2"})
    register(srv, username=unique("admin"))  # the first account administers; these two do not
    alice = register(srv, username=unique("alice"))
    bob = register(srv, username=unique("bob"))
    url = srv.url(f"{USERS}/{alice.id}")

    with ThreadPoolExecutor(CLIENTS) as pool:
        for round_number in range(3):
            name = f"Alice, round {round_number}"
            changed = alice.patch(f"{USERS}/{alice.id}", json={"display_name": name})
            assert changed.status_code == 200, changed.text
            expected = changed.json()
            # Alice's own reads, and Bob's, who may not see her (404, never 403), all at once.
            own = [pool.submit(read_many, url, alice.token) for _ in range(CLIENTS - 2)]
            other = [pool.submit(read_many, url, bob.token) for _ in range(2)]
            for future in own:
                for status, body in future.result():
                    assert (status, body) == (200, expected)
            for future in other:
                for status, body in future.result():
                    assert status == 404 and body["status"] == 404, body

    # A token that is not one: 401, whichever way the read went.
    assert requests.get(url, headers={"Authorization": "Bearer not.a.token"}, timeout=10).status_code == 401
