"""Themed coding of free-text answers: codebooks, machine suggestions, review, agreement and analysis."""

from __future__ import annotations

from flask import Flask

from consultation.coding.blueprints import staff_bp  # noqa: F401  (registered by init_app)


def init_app(app: Flask) -> None:
    from consultation.coding import (  # noqa: F401  (each module registers its views on the blueprint)
        analysis_routes,
        codebook_routes,
        job_routes,
        question_routes,
        review_routes,
    )
    from consultation.coding.presenters import highlighted, percent
    from consultation.coding.public import published_quotes

    app.register_blueprint(staff_bp)
    app.add_template_global(highlighted, "coding_highlighted")
    app.add_template_filter(percent, "coding_percent")
    app.add_template_global(published_quotes, "coding_published_quotes")
