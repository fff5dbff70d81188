"""The kernel: what every feature stands on, and nothing that knows about a feature.

Extensions and configuration, access control, audit, background jobs, errors, security headers, logs,
the registry through which features add to the shared pages and services, the shared form kit, paging,
retention, page feedback and safeguarding flags. The import contracts in ``pyproject.toml`` check that
nothing here imports a feature (``portal.main``, ``portal.auth``, ``portal.admin``, ``portal.chat``,
``portal.strategy``, ``portal.safeguarding``, ``local_offer`` or ``consultation``).
"""
