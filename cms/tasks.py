"""The background worker's queue (``settings.TASKS["background"]``), for code that
enqueues work and for tests that run it.

The worker is django-tasks-db's ``db_worker``. Tests run the same worker's
``run_task`` on each ready task, in the test's own transaction
(``run_ready_tasks``), where the management command would close the connection
between tasks.
"""

from django.conf import settings

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_COMMAND = ("db_worker", "--backend", "background", "--queue-name", "*")


def backend_name() -> str:
    return settings.BACKGROUND_TASKS


def ready_tasks():
    return DBTaskResult.objects.ready().filter(backend_name=backend_name())


class TaskFailed(AssertionError):
    pass


def run_ready_tasks(limit: int = 10_000, *, raise_failures: bool = True) -> int:
    """Run every task that is ready now (and those they enqueue), in order, as the
    worker would; the number run. ``limit`` stops a task that keeps re-enqueueing
    itself from looping for ever. A task that raised is recorded as failed, as
    the worker records it, and then raised here with its traceback unless
    ``raise_failures`` is false."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend_name(),
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    done = 0
    while done < limit:
        task_result = ready_tasks().first()
        if task_result is None:
            break
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        done += 1
        task_result.refresh_from_db()
        if raise_failures and task_result.status == "FAILED":
            raise TaskFailed(
                f"{task_result.task_path} failed:\n{task_result.traceback}"
            )
    return done
