"""Staff pages: the knowledge base the helper answers from, and the questions it could not answer."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from portal.chat import knowledge, logs
from portal.chat.blueprints import staff_bp
from portal.chat.forms import KnowledgeEntryForm, form_data
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.lookups import found_or_404


@staff_bp.route("/")
@staff_required(Role.DIRECTORY_EDITOR)
def knowledge_list():
    return render_template("chat/staff/knowledge_list.html", entries=knowledge.list_entries(), topics=knowledge.INTENTS)


@staff_bp.route("/new", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def new_entry():
    question = request.args.get("question", "")[:1000]
    form = KnowledgeEntryForm(data={"questions": question, "intent": "general"})
    if form.validate_on_submit():
        entry = knowledge.save_entry(None, form.to_input())
        audit.record("chat_knowledge.create", "chat_knowledge_entry", entry.id)
        db.session.commit()
        flash(f"‘{entry.title}’ has been added. The helper uses it from now on.")
        return redirect(url_for(".knowledge_list"))
    return render_template("chat/staff/knowledge_form.html", form=form, entry=None)


@staff_bp.route("/<int:entry_id>", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def edit_entry(entry_id: int):
    entry = found_or_404(knowledge.get_entry(entry_id))
    form = KnowledgeEntryForm(data=form_data(entry))
    if form.validate_on_submit():
        knowledge.save_entry(entry, form.to_input())
        audit.record("chat_knowledge.edit", "chat_knowledge_entry", entry.id)
        db.session.commit()
        flash(f"Your changes to ‘{entry.title}’ have been saved.")
        return redirect(url_for(".knowledge_list"))
    return render_template("chat/staff/knowledge_form.html", form=form, entry=entry)


@staff_bp.route("/<int:entry_id>/delete", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def delete_entry(entry_id: int):
    entry = found_or_404(knowledge.get_entry(entry_id))
    form = ActionForm()
    if form.validate_on_submit():
        title = entry.title
        knowledge.delete_entry(entry)
        audit.record("chat_knowledge.delete", "chat_knowledge_entry", entry_id)
        db.session.commit()
        flash(f"‘{title}’ has been deleted.")
        return redirect(url_for(".knowledge_list"))
    return render_template("chat/staff/knowledge_delete.html", entry=entry, action_form=form)


@staff_bp.route("/unanswered")
@staff_required(Role.DIRECTORY_EDITOR)
def unanswered():
    config = current_app.config
    return render_template(
        "chat/staff/unanswered.html",
        groups=logs.unanswered(config["CHAT_LOW_CONFIDENCE"]),
        retention_days=config["CHAT_LOG_RETENTION_DAYS"],
    )
