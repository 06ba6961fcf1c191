"""Change feed ids become visible in id order: a second writer waits for the
first to commit (PostgreSQL's advisory lock; SQLite has one writer anyway)."""

import threading

from django.db import connection, connections, transaction

import pytest

from api.changes import write_events
from api.models import ChangeEvent


# serialized_rollback: the flush after a transactional test must leave the database
# as the next serialized test expects it (no content types recreated meanwhile).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_writer_takes_its_id_only_after_the_first_commits():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    first_open, first_may_commit = threading.Event(), threading.Event()
    second_done = threading.Event()
    ids: dict[str, int] = {}

    def first():
        try:
            with transaction.atomic():
                write_events([ChangeEvent(type="object_changed", object_type="doctor")])
                ids["first"] = ChangeEvent.objects.latest("id").pk
                first_open.set()
                first_may_commit.wait(10)
        finally:
            connections.close_all()

    def second():
        try:
            first_open.wait(10)
            with transaction.atomic():
                write_events([ChangeEvent(type="object_changed", object_type="image")])
                ids["second"] = ChangeEvent.objects.latest("id").pk
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_open.wait(10)
    # While the first transaction is open, the second cannot record its event.
    assert not second_done.wait(1)
    first_may_commit.set()
    for thread in threads:
        thread.join(10)
    assert second_done.is_set()
    assert ids["first"] < ids["second"]
