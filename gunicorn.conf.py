"""gunicorn settings for the portal. gunicorn reads ``./gunicorn.conf.py`` when started in this folder; options
given on the command line (``--workers 4``, ``--bind …``) override these."""

import gc

# One worker per core. Two threads each, so a request waiting on PostgreSQL does not leave its core idle. The
# pages are otherwise CPU-bound and threads share a worker's interpreter lock: in the load test more threads
# only raised the 95th percentile (50 users: about 65 ms with one thread, 75 ms with two, 90-130 ms with four,
# on an otherwise idle machine), while on a busy one the second thread let the workers keep up.
workers = 2
threads = 2
# Close each connection after its response. Behind a load balancer keep-alive buys little, and a connection
# closed for idleness just as a client reuses it is an error that client sees.
keepalive = 0
# The access log writes invitation links as /have-your-say/link/[token] (portal/access_log.py).
logger_class = "portal.access_log.AccessLogger"


def post_worker_init(worker) -> None:  # noqa: ARG001  (gunicorn's hook signature)
    """Leave the quarter of a million objects made loading the app (spaCy, models, templates) out of garbage
    collection: each full collection walked all of them, stopping the worker for about 120 ms. What requests
    make is collected as before."""
    gc.freeze()
