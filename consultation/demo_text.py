"""A bank of made-up sentences for demonstration responses. None of this is anyone's real words.

Answers are assembled from an opener for the respondent type, one to three sentences about the
topics the imaginary person chose, and sometimes a closing line, with the odd typo and lowercase
lapse, so lengths and styles vary the way real free text does.
"""

from __future__ import annotations

import random

WORKING_WELL = {
    "inclusion": [
        "Our primary school has been brilliant since the new SENCo started, she actually listens.",
        "The inclusion hub at the secondary gave him somewhere calm to go at lunch and it has made a big difference.",
        "Teachers have had autism training and you can tell, the classroom is much calmer.",
        "The nurture group at school has helped my daughter make friends for the first time.",
        "Our school uses visual timetables now and my son knows what is coming next.",
    ],
    "ehcp": [
        "Once we had a named caseworker things moved much faster.",
        "The annual review meeting was well run and everyone had read the reports beforehand.",
        "The plan finally says what support she gets and how many hours, which it never did before.",
        "The caseworker rang me back the same day, which I didn't expect.",
        "Being able to see the draft plan and comment on it properly helped a lot.",
    ],
    "health": [
        "The speech and language therapist who comes into school is fantastic.",
        "The paediatric team were kind and explained everything in words we understood.",
        "Once we got the OT assessment the equipment came quickly.",
        "CAMHS were good once we were seen, the worker really got my son.",
    ],
    "social_care": [
        "Short breaks on Saturdays are a lifeline for our whole family.",
        "The holiday scheme was brilliant, staff were trained and she came home happy.",
        "Our social worker has been consistent for two years, which matters so much.",
        "The direct payments have let us choose a PA who knows him well.",
    ],
    "adulthood": [
        "The supported internship has given my son confidence and a reason to get up.",
        "College have a good transition programme with visits before starting.",
        "The preparing for adulthood fair was really useful, we met lots of services in one place.",
    ],
    "transport": [
        "The driver and escort are lovely and he looks forward to the journey.",
        "Transport has been reliable this year, the same driver every day.",
    ],
    "workforce": [
        "The teaching assistants at our school are amazing and go above and beyond.",
        "Staff training on ADHD this year has changed how some teachers respond.",
        "Having an educational psychologist link for our school has helped us plan earlier.",
    ],
    "funding": [
        "The top-up funding for our pupils came through on time this term.",
        "Being able to apply for funding without an EHC plan has helped us support children earlier.",
    ],
}

CHANGE_FIRST = {
    "inclusion": [
        "Mainstream schools need more support to keep children in school, "
        "too many are being sent home early or put on part-time timetables.",
        "Every school should have a proper quiet space, not a corridor.",
        "Stop excluding children for behaviour that is caused by their needs.",
        "There are not enough special school places so children are stuck in settings that cannot meet their needs.",
        "Schools should have to follow the advice in the plan, not treat it as optional.",
        "My son has been out of school for 8 months waiting for a place.",
    ],
    "ehcp": [
        "The EHC needs assessment took 40 weeks, not 20. Nobody told us why.",
        "Plans are too vague. 'Access to support' means nothing, say how many hours and who.",
        "We never know who our caseworker is, it has changed three times this year.",
        "Annual reviews are late or don't happen at all and then the plan is out of date.",
        "Please answer emails. I have emailed the SEN team five times with no reply.",
        "Parents should not have to go to tribunal to get what the reports already say.",
        "The paperwork is overwhelming, give families someone to help fill in the forms.",
    ],
    "health": [
        "The waiting list for an autism assessment is over two years, families are left with nothing.",
        "Speech and language therapy in the plan is not being delivered, there are no therapists.",
        "CAMHS wait times are far too long and the threshold is so high you have to be in crisis.",
        "Health should come to annual reviews or at least send an update.",
        "We need more OT and physio, the wait for wheelchair services is shocking.",
    ],
    "social_care": [
        "There are not enough short breaks and the ones there are get booked up in minutes.",
        "Respite for older teenagers with complex needs is almost impossible to find.",
        "The social care assessment took months and then we were told we did not meet the threshold.",
        "Carers need support too, I have not had a night's sleep in years.",
        "Direct payments are great in theory but there are no PAs to employ.",
    ],
    "adulthood": [
        "Planning for adulthood needs to start at 14 not at 17 when it's too late.",
        "There is nothing for young people after 19, it is a cliff edge.",
        "Young people need help to find real jobs, not just more college courses.",
        "Transition to adult health services is a mess, we lost all our contacts at 18.",
        "I want to live on my own one day but nobody has talked to me about how.",
        "I want to go to college with my friends but they said there's no support there.",
    ],
    "transport": [
        "The transport application form is confusing and the decision took until the week before term.",
        "My daughter spends over an hour each way in a taxi, she arrives exhausted.",
        "Drivers keep changing and my son gets very anxious when someone new turns up.",
        "Post-16 transport should be free like it is for younger children.",
        "The bus is often late so he misses the start of the day.",
    ],
    "workforce": [
        "Teachers need much more training on autism and ADHD, some still think it is bad parenting.",
        "Teaching assistants are paid too little and keep leaving, my son has had four this year.",
        "Schools can't recruit SENCos with enough time to do the job properly.",
        "The educational psychology service is so stretched we wait months for advice.",
        "Staff need training in communication aids, the device sits in his bag all day.",
    ],
    "funding": [
        "Schools say they have no money for the support in the plan.",
        "Funding should follow the child quickly when they move schools.",
        "Too much money is spent on independent placements and tribunals instead of local provision.",
        "The banding system does not reflect how complex some children's needs are.",
        "Small schools cannot afford the first £6,000 of support, it puts them off taking children with SEND.",
    ],
}

OPENERS = {
    "parent_carer": [
        "As a parent of a child with autism, ",
        "Speaking as a mum, ",
        "From our family's experience, ",
        "I'm a dad of two children with SEND and ",
        "Honestly, ",
        "",
        "",
        "",
    ],
    "young_person": ["For me, ", "I think ", "Personally ", "", ""],
    "education_staff": [
        "As a SENCo in a primary school, ",
        "Working in a secondary school, ",
        "From a school point of view, ",
        "As a teaching assistant, ",
        "",
    ],
    "health_social_care": ["From a health perspective, ", "As a social worker, ", "Working in therapy services, ", ""],
    "voluntary_community": ["Families who come to our support group tell us ", "As a parent support charity, ", ""],
    "other": ["As a grandparent, ", "As a childminder, ", ""],
}

CLOSERS = [
    "Thank you for asking.",
    "Please actually listen this time.",
    "Families are exhausted.",
    "It shouldn't be this hard.",
    "I hope this helps.",
    "We are all just trying our best.",
    "Its been a long few years.",
    "Things are slowly getting better.",
]

_SWAPS = {
    "their": "there",
    "definitely": "definately",
    "receive": "recieve",
    "because": "becuase",
    "separate": "seperate",
    "really": "realy",
    "school": "scool",
    "it's": "its",
    "don't": "dont",
}


def add_typos(text: str, rng: random.Random) -> str:
    if rng.random() < 0.25:
        for right, wrong in _SWAPS.items():
            if right in text and rng.random() < 0.5:
                text = text.replace(right, wrong, 1)
    if rng.random() < 0.1:
        text = text.lower()
    if rng.random() < 0.1:
        text = text.rstrip(".")
    return text


def _join(opener: str, sentences: list[str]) -> str:
    first = sentences[0]
    if opener and not opener.endswith(". "):
        first = first[0].lower() + first[1:] if not first.startswith("I ") else first
    return (opener + " ".join([first] + sentences[1:])).strip()


def compose(bank: dict[str, list[str]], topics: list[str], respondent: str, rng: random.Random) -> str:
    """One made-up free-text answer about some of ``topics`` in the voice of ``respondent``."""
    chosen = [t for t in topics if t in bank] or list(bank)
    count = rng.choices([1, 2, 3], weights=[5, 3, 1])[0]
    sentences = [rng.choice(bank[rng.choice(chosen)]) for _ in range(count)]
    sentences = list(dict.fromkeys(sentences))
    text = _join(rng.choice(OPENERS.get(respondent, [""])), sentences)
    if rng.random() < 0.3:
        text += " " + rng.choice(CLOSERS)
    return add_typos(text, rng)


SATISFACTION_GOOD = [
    "Our caseworker kept in touch every couple of weeks.",
    "The educational psychologist spent real time with him.",
    "We were asked what mattered to our daughter and it's in the plan.",
    "It was quicker than I expected.",
    "The draft plan was clear and easy to read.",
    "Everyone was polite and helpful.",
]
SATISFACTION_BETTER = [
    "Tell us what is happening, weeks went by with no news.",
    "It took far longer than 20 weeks.",
    "The plan didn't include the therapy advice.",
    "Nobody asked my son what he thought.",
    "Give us one person to contact.",
    "The final plan had another child's name in one section.",
    "More help to understand the process at the start.",
]
