"""Load scenario: parents search, read services, chat and answer a consultation; leads read results, signed in.

Set by ``python -m tests.load.run``: LOAD_OPEN_SLUG (an open consultation), LOAD_RESULTS_ID (a consultation with
many responses), LOAD_LEAD_EMAIL and LOAD_LEAD_PASSWORD, LOAD_MAX_REQUESTS (the run stops after that many).
"""

from __future__ import annotations

import html
import os
import random
import re

from locust import HttpUser, between, events, task

QUERIES = [
    "autism",
    "speech therapy nuneaton",
    "short breaks",
    "adhd support rugby",
    "dyslexia",
    "wheelchair",
    "mental health leamington",
    "transport",
    "hearing",
    "autsim",
]
MESSAGES = [
    "my son is 7 and autistic, we live in Nuneaton, what help is there?",
    "what is an EHCP?",
    "can I get help with school transport",
    "I want to talk to a person",
    "hello",
]
ANSWER_TEXT = "More short breaks in the school holidays would help our family."
SERVICE_LINK = re.compile(r'href="/services/((?!shortlist)[^"/?#]+)"')
FIELD = re.compile(r"<(input|textarea)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_sent = {"requests": 0}


@events.request.add_listener
def _stop_after_budget(**_kwargs) -> None:
    _sent["requests"] += 1
    budget = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
    if budget and _sent["requests"] >= budget:
        from locust.runners import STATE_STOPPED, STATE_STOPPING

        runner = _environment.runner if _environment else None
        if runner and runner.state not in (STATE_STOPPING, STATE_STOPPED):
            runner.quit()


_environment = None


@events.init.add_listener
def _remember(environment, **_kwargs) -> None:
    global _environment
    _environment = environment


def form_fields(page: str) -> dict[str, str]:
    """Answers for every question on a GOV.UK form: the first choice of each, some text in each text box."""
    fields: dict[str, str] = {}
    for tag, raw in FIELD.findall(page):
        attrs = dict(ATTRIBUTE.findall(raw))
        name, kind = attrs.get("name"), attrs.get("type", tag)
        if not name or name == "contact":
            continue
        if kind == "hidden":
            fields[name] = html.unescape(attrs.get("value", ""))
        elif kind in ("radio", "checkbox"):
            fields.setdefault(name, html.unescape(attrs.get("value", "")))
        elif kind in ("textarea", "text"):
            fields.setdefault(name, ANSWER_TEXT)
    return fields


class Parent(HttpUser):
    weight = 9
    wait_time = between(0.5, 2)

    @task(5)
    def search(self) -> None:
        page = self.client.get("/services/", params={"q": random.choice(QUERIES)}, name="/services/?q=").text
        ids = SERVICE_LINK.findall(page)
        if ids:
            self.client.get(f"/services/{random.choice(ids)}", name="/services/[id]")

    @task(2)
    def chat(self) -> None:
        self.client.post("/api/chat", json={"message": random.choice(MESSAGES)})

    @task(1)
    def answer_consultation(self) -> None:
        slug = os.environ["LOAD_OPEN_SLUG"]
        response = self.client.get(f"/have-your-say/{slug}/respond", name="/have-your-say/[slug]/respond")
        for _ in range(20):  # one page, or one question per page and then check answers
            if "/confirmation" in response.url or response.status_code != 200:
                return
            name = "/have-your-say/[slug]/" + response.url.split(f"/{slug}/", 1)[-1].split("?")[0].rstrip("0123456789")
            response = self.client.post(response.url, data=form_fields(response.text), name=name)


class Lead(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        page = self.client.get("/staff/sign-in").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        self.client.post(
            "/staff/sign-in",
            data={
                "email": os.environ["LOAD_LEAD_EMAIL"],
                "password": os.environ["LOAD_LEAD_PASSWORD"],
                "csrf_token": token.group(1) if token else "",
            },
        )

    @task
    def results(self) -> None:
        consultation_id = os.environ["LOAD_RESULTS_ID"]
        self.client.get(f"/staff/consultations/{consultation_id}/results", name="/staff/consultations/[id]/results")
