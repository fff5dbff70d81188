"""Cross-cutting properties of ``nlp`` not covered by each module's own tests (those already check that
extract, predict, detect, redact and ThemeCoder.predict never raise on arbitrary Unicode)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.redact import redact
from nlp.safeguarding import detect

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
filler = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Nd")), max_size=60)
emails = st.from_regex(r"[a-z]{3,8}\.[a-z]{3,8}@[a-z]{3,8}\.(com|org|co\.uk)", fullmatch=True)
mobiles = st.from_regex(r"07[0-9]{3} ?[0-9]{6}", fullmatch=True)
nhs_numbers = st.sampled_from(["943 476 5919", "9434765870", "401 023 2137"])


@FAST
@given(st.text(max_size=300))
def test_redacting_twice_changes_nothing_more(text: str) -> None:
    once, _ = redact(text)
    assert redact(once)[0] == once


@FAST
@given(filler, st.one_of(emails, mobiles, nhs_numbers), filler)
def test_contact_details_never_survive_redaction_whatever_surrounds_them(before: str, detail: str, after: str) -> None:
    redacted, spans = redact(f"{before} {detail} {after}")
    assert detail not in redacted and spans


@FAST
@given(st.text(max_size=300))
def test_safeguarding_reads_redacted_text_without_failing(text: str) -> None:
    result = detect(redact(text)[0])
    assert isinstance(result.is_risk, bool)
