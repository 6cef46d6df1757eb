from celery import shared_task


@shared_task
def add(x: int, y: int) -> int:
    """A trivial task: proves that a worker picks up and runs the project's tasks."""
    return x + y
