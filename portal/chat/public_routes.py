"""The chat's public pages: the no-JavaScript chat form, starting again, and the guides."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from portal.chat import knowledge
from portal.chat.blueprints import public_bp
from portal.chat.conversation import clear_page_conversation, page_conversation, save_page_turn
from portal.chat.forms import ChatForm
from portal.chat.pages import chat_context, paragraphs
from portal.chat.services import reply_to
from portal.core.access import public
from portal.core.extensions import limiter, public_post_limit
from portal.core.forms import ActionForm
from portal.core.lookups import found_or_404


@public_bp.route("/chat", methods=["POST"])
@public
@limiter.limit(public_post_limit)
def send():
    form = ChatForm()
    if not form.validate_on_submit():
        return render_template("main/home.html", **chat_context(form))
    state, _ = page_conversation()
    reply, state = reply_to(form.message.data, state, channel="web")
    save_page_turn(form.message.data, reply, state)
    return redirect(url_for("main_public.home", _anchor="chat-latest"))


@public_bp.route("/chat/start-again", methods=["POST"])
@public
def start_again():
    if ActionForm().validate_on_submit():
        clear_page_conversation()
    return redirect(url_for("main_public.home", _anchor="chat"))


@public_bp.route("/help/")
@public
def guides():
    return render_template("chat/guides.html", entries=knowledge.list_entries(), topics=knowledge.INTENTS)


@public_bp.route("/help/<slug>")
@public
def guide(slug: str):
    entry = found_or_404(knowledge.entry_by_slug(slug))
    return render_template("chat/guide.html", entry=entry, paragraphs=paragraphs(entry.answer))
