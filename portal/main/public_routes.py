from flask import current_app, flash, redirect, render_template, request, url_for

from portal.core.access import public
from portal.core.extensions import limiter, public_post_limit
from portal.core.page_feedback import PageFeedbackForm, check_page_feedback, record_page_feedback
from portal.main.blueprints import public_bp


@public_bp.route("/")
@public
def home():
    from portal.chat.pages import chat_context

    return render_template("main/home.html", **chat_context())


@public_bp.route("/accessibility-statement")
@public
def accessibility():
    return render_template("main/accessibility.html")


@public_bp.route("/privacy")
@public
def privacy():
    return render_template("main/privacy.html")


@public_bp.route("/cookies")
@public
def cookies():
    return render_template("main/cookies.html")


@public_bp.route("/contact")
@public
def contact():
    return render_template("main/contact.html", contact=current_app.config["IASS_CONTACT"])


@public_bp.route("/feedback", methods=["GET", "POST"])
@public
@limiter.limit(public_post_limit, methods=["POST"])
def feedback():
    form = PageFeedbackForm(path=request.args.get("path", "/"))
    if form.validate_on_submit():
        feedback = record_page_feedback(form.path.data or "/", form.helpful.data == "yes", form.comment.data)
        risk = check_page_feedback(feedback, form.comment.data, "site_feedback")
        if risk is not None:
            from portal.core.safeguarding.public import help_view

            return render_template("safeguarding/public/feedback_sent.html", help=help_view(risk),
                                   back_href=url_for("main_public.home"), back_text="Go to the home page")  # fmt: skip
        flash("Thank you for your feedback.")
        return redirect(url_for("main_public.home"))
    return render_template("main/feedback.html", form=form)
