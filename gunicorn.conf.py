"""gunicorn settings for the portal. gunicorn reads ``./gunicorn.conf.py`` when started in this folder; options
given on the command line (``--workers 4``, ``--bind …``) override these."""

import gc
import os

# One worker per core. Two threads each, so a request waiting on PostgreSQL does not leave its core idle. The
# pages are otherwise CPU-bound and threads share a worker's interpreter lock: in the load test more threads
# only raised the 95th percentile (50 users: about 65 ms with one thread, 75 ms with two, 90-130 ms with four,
# on an otherwise idle machine), while on a busy one the second thread let the workers keep up.
workers = 2
threads = 2
# Close each connection after its response. Behind a load balancer keep-alive buys little, and a connection
# closed for idleness just as a client reuses it is an error that client sees.
keepalive = 0
# The access log writes invitation links as /have-your-say/link/[token] (portal/core/access_log.py).
logger_class = "portal.core.access_log.AccessLogger"


def post_worker_init(worker) -> None:
    """Start loading the language models in the background (creating the app loads none), and leave the objects
    made loading the app (templates, routes, modules) out of garbage collection: each full collection walked
    all of them, stopping the worker. What requests make is collected as before."""
    from portal import warm_up

    if hasattr(worker.wsgi, "extensions"):  # a Flask app (gunicorn has loaded it by now)
        warm_up(worker.wsgi)
    gc.freeze()


def worker_problem(workers: int, environ=os.environ) -> str | None:
    """Production with several workers needs REDIS_URL: without it each worker keeps its own rate-limit counters
    (in memory), so every limit, the sign-in limits included, would be multiplied by the number of workers."""
    production = environ.get("PORTAL_CONFIG", "production").lower() == "production"
    if production and workers > 1 and not environ.get("REDIS_URL"):
        return (
            f"Refusing to start {workers} workers in production without REDIS_URL: each worker would count rate "
            "limits on its own. Set REDIS_URL to a Redis shared by every worker, or run with --workers 1."
        )
    return None


def on_starting(server) -> None:
    problem = worker_problem(server.cfg.workers)
    if problem:
        server.log.error(problem)
        raise SystemExit(problem)
