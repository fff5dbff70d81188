"""The surveys a council runs every year, as templates a consultation lead turns into a survey.

Each ``SurveyKind`` names the template, how the survey is run (whether it needs an invitation
link, who answers it) and the question its strategy indicator reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultation.builders import (
    EHC_ASSESSMENT_SATISFACTION,
    SurveyTemplate,
    free_text,
    respondent_question,
)
from consultation.services import QuestionInput


def picture(text: str, hint: str = "") -> QuestionInput:
    return QuestionInput("picture", text, hint, required=False)


def confidence(text: str, hint: str = "", required: bool = True) -> QuestionInput:
    return QuestionInput("confidence", text, hint, required=required)


YOUNG_PERSON_PLAN_FEEDBACK = SurveyTemplate(
    key="young_person_plan_feedback",
    title="Your EHC plan: tell us what you think",
    summary=(
        "This is for young people who have an education, health and care (EHC) plan. "
        "Tell us what you think of your plan. You do not have to answer every question. "
        "We do not ask your name."
    ),
    easy_read_summary="Tell us about your plan. You can skip any question. We will not ask your name.",
    audience="Children and young people with an EHC plan",
    questions=(
        picture("Do you feel listened to?", hint="Pick the face that fits best."),
        picture("Does your plan say what matters to you?", hint="Pick the face that fits best."),
        free_text("It's a good day at school when…", hint="Write as much or as little as you like.", max_length=600),
        free_text("Sometimes I worry about…", hint="Write as much or as little as you like.", max_length=600),
        free_text("Is there anything else you want to tell us?", hint="You can leave this empty.", max_length=600),
    ),
)

PARENT_CONFIDENCE = SurveyTemplate(
    key="parent_confidence",
    title="How confident are you in SEND support in our area?",
    summary=(
        "Each year we ask parents and carers of children and young people with special educational needs and "
        "disabilities (SEND) how confident they are in local support. We report your answers to the SEND "
        "partnership board and use them to decide what to improve first."
    ),
    easy_read_summary="Tell us how you feel about SEND support in our area. It takes about 3 minutes.",
    audience="Parents and carers of children and young people with SEND",
    questions=(
        respondent_question(),
        confidence("How confident are you that your child's needs will be met?"),
        confidence("How confident are you that you know where to get help?"),
        confidence("How confident are you that education, health and care services work together for your child?"),
        free_text("What would make you more confident?", max_length=1000),
    ),
)


@dataclass(frozen=True)
class SurveyKind:
    template: SurveyTemplate
    description: str
    measure: str  # the text of the question its strategy indicator reads
    requires_invitation: bool = False
    respondent_type: str | None = None
    one_question_per_page: bool | None = None

    @property
    def key(self) -> str:
        return self.template.key


SURVEY_KINDS: dict[str, SurveyKind] = {
    kind.key: kind
    for kind in (
        SurveyKind(
            EHC_ASSESSMENT_SATISFACTION,
            "Parents and carers rate the EHC needs assessment and planning process: being listened to, being kept "
            "informed, how long it took, the draft plan and overall satisfaction.",
            "Overall, how satisfied are you with the EHC needs assessment process?",
        ),
        SurveyKind(
            YOUNG_PERSON_PLAN_FEEDBACK,
            "Easy-read feedback from children and young people on their EHC plan, with a picture scale. "
            "Answered through single-use invitation links.",
            "Does your plan say what matters to you?",
            requires_invitation=True,
            respondent_type="young_person",
            one_question_per_page=True,
        ),
        SurveyKind(
            PARENT_CONFIDENCE,
            "The annual survey of parents' and carers' confidence in the local SEND system.",
            "How confident are you that your child's needs will be met?",
        ),
    )
}


def survey_kind(key: str) -> SurveyKind | None:
    return SURVEY_KINDS.get(key)


def measure_question(kind: SurveyKind) -> QuestionInput:
    return next(q for q in kind.template.questions if q.text == kind.measure)
