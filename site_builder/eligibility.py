"""The Förder-Check's rules: which funding programme may fit whom, and why.

The rules are worked out once from what the programmes declare (``records.FundingTerm``): a
flat table of rows, one per programme and rate, each with its conditions and the sentences
that explain them. The static decision table prints these rows, the browser check
(``assets/foerdercheck.js``) evaluates the same rows from JSON, and ``evaluate`` below is the
reference both are tested against. The texts never promise anything ("kann passen").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from . import records
from .german import format_money, format_number, join_de


@dataclass(frozen=True)
class Situation:
    """An answer to the first question, with the words that explain it."""

    label: str  # the option: "Ich bin beschäftigt"
    heading: str  # a section of the decision table: "Beschäftigte"
    reason: str  # "beschäftigt sind" (after "weil Sie")
    easy: str  # Leichte Sprache: "Sie sind beschäftigt."


SITUATIONS: dict[str, Situation] = {
    "beschaeftigte": Situation("Ich bin beschäftigt", "Beschäftigte", "beschäftigt sind", "Sie sind beschäftigt."),
    "arbeitsuchende": Situation(
        "Ich suche Arbeit oder verliere bald meine Stelle", "Arbeitsuchende", "Arbeit suchen", "Sie suchen Arbeit."
    ),
    "unternehmen": Situation(
        "Ich bilde als Arbeitgeber Beschäftigte weiter", "Arbeitgeber", "als Arbeitgeber Beschäftigte weiterbilden möchten",
        "Sie haben einen Betrieb. Sie wollen Ihre Mitarbeiter weiter·bilden.",
    ),
    "selbststaendige": Situation("Ich bin selbstständig", "Selbstständige", "selbstständig sind", "Sie sind selbst·ständig."),
    "auszubildende": Situation("Ich mache eine Ausbildung", "Auszubildende", "eine Ausbildung machen", "Sie machen eine Ausbildung."),
    "wiedereinsteigende": Situation(
        "Ich möchte wieder in den Beruf einsteigen", "Wiedereinsteigende", "wieder in den Beruf einsteigen möchten",
        "Sie wollen wieder arbeiten.",
    ),
}


# The ids an audience of content/taxonomies.yaml may have when it stands for a situation of a
# programme's ``for``: the situation's own id (the convention, as advisory points are matched)
# and a few other usual ones. An offer's audiences say, through these, whom its programmes are
# meant to fit (``fit_rank``).
SITUATION_AUDIENCES: dict[str, tuple[str, ...]] = {
    "beschaeftigte": ("beschaeftigte", "arbeitnehmende", "arbeitnehmer", "fachkraefte", "fuehrungskraefte"),
    "arbeitsuchende": ("arbeitsuchende", "arbeitssuchende", "arbeitslose"),
    "unternehmen": ("unternehmen", "arbeitgeber", "betriebe", "personalverantwortliche"),
    "selbststaendige": ("selbststaendige", "selbstaendige", "freiberufliche", "gruendende"),
    "auszubildende": ("auszubildende", "azubis"),
    "wiedereinsteigende": ("wiedereinsteigende", "wiedereinstieg", "wiedereinsteiger", "berufsrueckkehrende"),
}


def situations_of(audiences: Iterable[str]) -> list[str]:
    """The situations the audience ids ``audiences`` stand for (``SITUATION_AUDIENCES``), in
    the order of ``SITUATIONS``."""
    named = set(audiences)
    return [key for key, ids in SITUATION_AUDIENCES.items() if named.intersection(ids)]


@dataclass(frozen=True)
class Goal:
    label: str  # the option
    short: str  # "Meister, Fachwirt oder Techniker" (in "Das gilt nur für dieses Ziel: …")
    easy: str  # "Meister, Fach·wirt oder Techniker" (in Leichter Sprache: "Das passt nur für: …")


GOALS: dict[str, Goal] = {
    "zertifikat": Goal("Einen Fachkurs oder ein Zertifikat", "Fachkurs oder Zertifikat", "Kurs oder Zertifikat"),
    "aufstieg": Goal(
        "Meister, Fachwirt oder Techniker werden", "Meister, Fachwirt oder Techniker",
        "Meister, Fach·wirt oder Techniker",
    ),
    "sprache": Goal("Eine Sprache lernen", "Sprache lernen", "Sprache lernen"),
    "umschulung": Goal(
        "Eine Umschulung oder einen Berufsabschluss", "Umschulung oder Berufsabschluss", "Berufs·abschluss oder Umschulung"
    ),
}

QUALIFICATIONS = {"mit": "einen Berufsabschluss haben", "ohne": "keinen Berufsabschluss haben"}
QUALIFICATIONS_EASY = {"mit": "Sie haben einen Berufs·abschluss.", "ohne": "Sie haben keinen Berufs·abschluss."}
QUALIFICATIONS_OPEN_EASY = {"mit": "Sie brauchen einen Berufs·abschluss.", "ohne": "Sie dürfen keinen Berufs·abschluss haben."}
# The conditions a row may have, in the order its sentences name them: the parts whose
# subject is "Sie" first, then the company's size, which has a subject of its own. A met goal
# goes unsaid (it is the visitor's own answer); an open one is a sentence of its own.
CONDITIONS = ("state", "age", "qualification", "employees", "goal")
# Whose personal rows someone answering for others reads: an employer is not asked the age or
# Berufsabschluss of the employees they train, yet a rate for employees of 55 or without a
# Berufsabschluss (the ESF course subsidy's 70 %) is theirs too when the firm pays. Their result
# names such rates beside their own ("Für Beschäftigte, die …: …", ``Match.staff``).
STAFF_OF = {"unternehmen": ("beschaeftigte", "Beschäftigte")}
FITS = "Dann kann dieses Förder·programm passen."

Span = tuple[int | None, int | None]


def span_words(span: Span, unit: str) -> str:
    """(50, 499) "50 bis 499 Beschäftigte"; (None, 49) "weniger als 50 …"; (500, None) "500 oder mehr …"."""
    low, high = span
    if low is not None and high is not None:
        return f"{low} bis {high} {unit}" if low != high else f"{low} {unit}"
    if high is not None:
        return f"weniger als {high + 1} {unit}"
    return f"{low} oder mehr {unit}"


def _age_words(span: Span) -> str:
    low, high = span
    if high is not None and low is None:
        return f"jünger als {high + 1} Jahre"
    if low is not None and high is None:
        return f"{low} Jahre oder älter"
    return f"{low} bis {high} Jahre alt"


def rate_text(rate: records.FundingRate) -> str:
    """The support of one rate in words: "bis zu 50 % der Lehrgangskosten und …"."""
    parts = []
    if rate.course_costs is not None:
        parts.append(f"bis zu {rate.course_costs} % der Lehrgangskosten")
    if rate.wage is not None:
        parts.append(f"bis zu {rate.wage} % Zuschuss zum Arbeitsentgelt")
    text = join_de(parts)
    if rate.max_amount is not None:
        text = f"{text}, höchstens {format_money(rate.max_amount)}" if text else f"bis zu {format_money(rate.max_amount)}"
    if rate.text:
        text = f"{text} – {rate.text}" if text else rate.text
    return text


def rate_easy(rate: records.FundingRate) -> list[str]:
    """The same in Leichte Sprache: no percentages without an example."""
    sentences = []
    if rate.course_costs == 100:
        sentences.append("Vielleicht müssen Sie den Kurs nicht selbst bezahlen.")
    elif rate.course_costs:
        sentences.append(f"Für 100 Euro Kurs·kosten gibt es bis zu {rate.course_costs} Euro.")
    if rate.wage:
        sentences.append(f"Der Betrieb kann Geld für den Lohn bekommen. Für 100 Euro Lohn gibt es bis zu {rate.wage} Euro.")
    if rate.max_amount is not None:
        sentences.append(f"Es gibt höchstens {format_number(rate.max_amount)} Euro.")
    if rate.easy:
        sentences.append(rate.easy)
    return sentences


@dataclass(frozen=True)
class Row:
    """One line of the decision table: a programme, who it may fit under which conditions,
    and what it may pay then. Empty conditions mean "egal"."""

    programme: str
    situations: tuple[str, ...]
    employees: Span | None = None
    state: str | None = None
    goals: tuple[str, ...] = ()
    age: Span | None = None
    qualification: str | None = None
    rate: str = ""
    rate_easy: tuple[str, ...] = ()
    # The conditions on the person as a relative clause ("55 Jahre oder älter sind und keinen
    # Berufsabschluss haben"), for those who read the row for someone else (``STAFF_OF``).
    person: str = ""
    # Per condition: the sentence part for a known answer ("{n}" is the answer) and for an
    # unanswered question, plain and in Leichte Sprache.
    known: dict[str, str] = field(default_factory=dict, compare=False)
    known_easy: dict[str, str] = field(default_factory=dict, compare=False)
    open: dict[str, str] = field(default_factory=dict, compare=False)
    open_easy: dict[str, str] = field(default_factory=dict, compare=False)

    def has(self, condition: str) -> bool:
        value = getattr(self, "goals" if condition == "goal" else condition)
        return bool(value)

    @property
    def employees_words(self) -> str:
        return span_words(self.employees, "Beschäftigte") if self.employees else "egal"

    @property
    def age_words(self) -> str:
        return _age_words(self.age) if self.age else "egal"

    def as_json(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "for": list(self.situations),
            "employees": list(self.employees) if self.employees else None,
            "state": self.state,
            "goals": list(self.goals),
            "age": list(self.age) if self.age else None,
            "qualification": self.qualification,
            "rate": self.rate,
            "rate_easy": list(self.rate_easy),
            "person": self.person,
            "known": self.known,
            "known_easy": self.known_easy,
            "open": self.open,
            "open_easy": self.open_easy,
        }


def _both(a: Span | None, b: Span | None) -> Span | None:
    """Two ranges that must both hold."""
    if a is None or b is None:
        return a or b
    lows = [x for x in (a[0], b[0]) if x is not None]
    highs = [x for x in (a[1], b[1]) if x is not None]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _span(low: int | None, high: int | None) -> Span | None:
    return None if low is None and high is None else (low, high)


def _row(programme: records.FundingTerm, rate: records.FundingRate | None) -> Row:
    situations = tuple(rate.for_ if rate is not None and rate.for_ else programme.for_)
    goals = tuple(programme.goals)
    if rate is not None and rate.goals:
        goals = tuple(g for g in rate.goals if not goals or g in goals)
    age = _both(_span(programme.age_min, programme.age_max), _span(rate.age_min, rate.age_max) if rate else None)
    employees = _span(rate.employees_min, rate.employees_max) if rate else None
    qualification = (rate.qualification if rate is not None else None) or programme.qualification
    state = programme.state
    known: dict[str, str] = {}
    known_easy: dict[str, str] = {}
    open_: dict[str, str] = {}
    open_easy: dict[str, str] = {}
    if state:
        known["state"] = f"in {state} wohnen oder arbeiten"
        known_easy["state"] = f"Sie wohnen oder arbeiten in {state}."
        open_["state"] = f"Das gilt nur, wenn Sie in {state} wohnen oder arbeiten."
        open_easy["state"] = f"Sie müssen in {state} wohnen oder arbeiten."
    if age:
        known["age"] = "{n} Jahre alt sind"
        known_easy["age"] = "Sie sind {n} Jahre alt."
        open_["age"] = f"Das gilt nur, wenn Sie {_age_words(age)} sind."
        open_easy["age"] = f"Sie müssen {_age_words(age)} sein."
    if qualification:
        known["qualification"] = QUALIFICATIONS[qualification]
        known_easy["qualification"] = QUALIFICATIONS_EASY[qualification]
        open_["qualification"] = f"Das gilt nur, wenn Sie {QUALIFICATIONS[qualification]}."
        open_easy["qualification"] = QUALIFICATIONS_OPEN_EASY[qualification]
    if employees:
        known["employees"] = "Ihr Betrieb {n} Beschäftigte hat"
        known_easy["employees"] = "Ihr Betrieb hat {n} Mitarbeiter."
        open_["employees"] = f"Das gilt nur, wenn Ihr Betrieb {span_words(employees, 'Beschäftigte')} hat."
        open_easy["employees"] = f"Ihr Betrieb muss {span_words(employees, 'Mitarbeiter')} haben."
    if goals:
        one = len(goals) == 1
        open_["goal"] = f"Das gilt nur für {'dieses Ziel' if one else 'diese Ziele'}: {'; '.join(GOALS[g].short for g in goals)}."
        open_easy["goal"] = f"Das passt nur für: {'; '.join(GOALS[g].easy for g in goals)}."
    return Row(
        programme=programme.id,
        situations=situations,
        employees=employees,
        state=state,
        goals=goals,
        age=age,
        qualification=qualification,
        rate=rate_text(rate) if rate is not None else "",
        rate_easy=tuple(rate_easy(rate)) if rate is not None else (),
        person=join_de([part for part in (f"{_age_words(age)} sind" if age else "", QUALIFICATIONS.get(qualification or "", "")) if part]),
        known=known,
        known_easy=known_easy,
        open=open_,
        open_easy=open_easy,
    )


# How well a programme fits an offer's audiences, best first (``fit_rank``).
FIT_WELL = 0  # it is for one of them without a condition on the person
FIT_IF = 1  # it is for one of them, but only under a condition (age, Berufsabschluss, a narrower goal)
FIT_UNSAID = 2  # it does not say whom it is for (no ``for``)
FIT_OTHERS = 3  # it is for others only


def situation_fit(programme: records.FundingTerm) -> dict[str, int]:
    """For each situation of the programme's ``for``: FIT_WELL when one of its rows (``programme_rows``)
    for that situation asks nothing of the person – no age, no Berufsabschluss, no goal
    narrower than the programme's own; company size and Land do not count –, else FIT_IF. The
    Bildungsgutschein pays for arbeitsuchende outright, for beschaeftigte only without a
    Berufsabschluss: it fits the first, the second only if. Empty without ``for``."""
    if not programme.for_:
        return {}
    fit: dict[str, int] = {}
    for row in programme_rows(programme):
        level = FIT_IF if row.age or row.qualification or set(row.goals) != set(programme.goals) else FIT_WELL
        for key in row.situations:
            fit[key] = min(fit.get(key, level), level)
    return fit


def fit_rank(fit: dict[str, int], situations: Sequence[str]) -> int:
    """How well a programme (its ``situation_fit``) fits an offer whose audiences stand for
    ``situations`` (``situations_of``): FIT_WELL, FIT_IF, FIT_UNSAID or FIT_OTHERS. An offer that names
    no such audience is fitted by every programme alike (FIT_WELL)."""
    if not situations:
        return FIT_WELL
    if not fit:
        return FIT_UNSAID
    return min((fit[key] for key in situations if key in fit), default=FIT_OTHERS)


def in_check(programme: records.FundingTerm, today: date) -> bool:
    """Whether the check shows a programme on ``today``: it says who may get it, and it has
    not run out (``valid_until`` is the last day)."""
    return bool(programme.for_) and (programme.valid_until is None or programme.valid_until >= today)


def programme_rows(programme: records.FundingTerm) -> list[Row]:
    """A programme's rows: one per rate (specific ones first, as declared), or one without."""
    return [_row(programme, rate) for rate in programme.rates] or [_row(programme, None)]


def rows(programmes: Iterable[records.FundingTerm], today: date) -> list[Row]:
    """The decision table: the rows of each programme the check shows on ``today``."""
    return [row for programme in programmes if in_check(programme, today) for row in programme_rows(programme)]


@dataclass(frozen=True)
class Answers:
    """What someone told the check; None where a question is unanswered. ``state``: the land
    they live or work in ("" for none of those the programmes name)."""

    situation: str
    employees: int | None = None
    state: str | None = None
    goal: str | None = None
    age: int | None = None
    qualification: str | None = None


def _status(row: Row, condition: str, answers: Answers) -> bool | None:
    """True: the answer meets the condition; None: unanswered; False: it does not."""
    if condition == "employees":
        value, span = answers.employees, row.employees
        return None if value is None else _within(value, span)
    if condition == "age":
        return None if answers.age is None else _within(answers.age, row.age)
    if condition == "state":
        return None if answers.state is None else answers.state == row.state
    if condition == "goal":
        return None if answers.goal is None else answers.goal in row.goals
    return None if answers.qualification is None else answers.qualification == row.qualification


def _within(value: int, span: Span | None) -> bool:
    low, high = span or (None, None)
    return (low is None or value >= low) and (high is None or value <= high)


def _known(row: Row, condition: str, answers: Answers, easy: bool = False) -> str | None:
    """The sentence part for a met condition, with the answer in it (None: it goes unsaid)."""
    text = (row.known_easy if easy else row.known).get(condition)
    value = {"employees": answers.employees, "age": answers.age}.get(condition)
    return None if text is None else text.replace("{n}", str(value))


@dataclass(frozen=True)
class Match:
    """A programme that may fit, with its row and the sentences that say why."""

    row: Row
    reason: str  # "weil Sie beschäftigt sind und Ihr Betrieb 200 Beschäftigte hat: bis zu 50 % der Lehrgangskosten"
    only_if: str  # "Das gilt nur, wenn …." (one short sentence per unanswered condition) or ""
    easy: tuple[str, ...]
    # For an employer: the programme's other rates for some of the employees (``staff``).
    staff: tuple[str, ...] = ()

    @property
    def programme(self) -> str:
        return self.row.programme


def explain(row: Row, answers: Answers) -> Match | None:
    """Why ``row`` may fit ``answers``; None when an answer rules it out."""
    if answers.situation not in row.situations:
        return None
    known: list[str] = []
    unknown: list[str] = []
    for condition in CONDITIONS:
        if not row.has(condition):
            continue
        status = _status(row, condition, answers)
        if status is False:
            return None
        (known if status else unknown).append(condition)
    because = [SITUATIONS[answers.situation].reason, *(_known(row, c, answers) for c in known)]
    reason = "weil Sie " + join_de([part for part in because if part]) + (f": {row.rate}" if row.rate else "")
    only_if = " ".join(row.open[c] for c in unknown)
    easy = [SITUATIONS[answers.situation].easy, *(_known(row, c, answers, easy=True) for c in known), FITS]
    easy += ["Wichtig: " + row.open_easy[c] for c in unknown]
    easy += row.rate_easy
    return Match(row, reason, only_if, tuple(part for part in easy if part))


def evaluate(table: Sequence[Row], answers: Answers) -> list[Match]:
    """The programmes that may fit, in table order: for each, its first row whose conditions
    all hold, else its first row that holds where answers are missing."""
    sure: dict[str, Match] = {}
    maybe: dict[str, Match] = {}
    order: list[str] = []
    for row in table:
        if row.programme not in order:
            order.append(row.programme)
        if row.programme in sure:
            continue
        match = explain(row, answers)
        if match is None:
            continue
        if not match.only_if:
            sure[row.programme] = match
        else:
            maybe.setdefault(row.programme, match)
    found = [sure.get(p) or maybe[p] for p in order if p in sure or p in maybe]
    if answers.situation in STAFF_OF:
        found = [replace(match, staff=staff(table, match, answers)) for match in found]
    return found


def staff(table: Sequence[Row], match: Match, answers: Answers) -> tuple[str, ...]:
    """For someone answering for others (``STAFF_OF``): the rates of ``match``'s programme that
    depend on the age or Berufsabschluss of the people they train – rows for those people whose
    other conditions the answers do not rule out –, a sentence each: "Für Beschäftigte, die 55
    Jahre oder älter sind: bis zu 70 % der Lehrgangskosten." Without these an employer read
    "bis zu 30 %" beside a summary that says 70 %."""
    return _staff_sentences(
        table, match.row, answers.situation,
        lambda row: any(_status(row, c, answers) is False for c in ("state", "employees", "goal") if row.has(c)),
    )


def staff_rates(table: Sequence[Row], row: Row, situation: str) -> tuple[str, ...]:
    """What ``staff`` adds for every answer that ``row`` holds for, for a reader in ``situation``
    who answers for others (empty for anyone else): the decision table and /unternehmen/ print
    a row, not answers, so they name only the rates for the people trained whose conditions on
    Land, company size and goal hold wherever ``row``'s do (a rate for 50 to 499 employees is
    not named beside a row for any size). The browser check says the same once answered."""
    if situation not in STAFF_OF or situation not in row.situations:
        return ()
    return _staff_sentences(table, row, situation, lambda other: not _covers(other, row))


def _covers(other: Row, row: Row) -> bool:
    """Whether ``other``'s conditions on Land, company size and goal hold wherever ``row``'s do."""
    if other.state and other.state != row.state:
        return False
    if other.goals and not (row.goals and set(row.goals) <= set(other.goals)):
        return False
    if other.employees:
        low, high = row.employees or (None, None)
        other_low, other_high = other.employees
        if other_low is not None and (low is None or low < other_low):
            return False
        if other_high is not None and (high is None or high > other_high):
            return False
    return True


def _staff_sentences(table: Sequence[Row], own: Row, situation_key: str, ruled_out: Callable[[Row], bool]) -> tuple[str, ...]:
    """The sentences of ``staff``: the rows of ``own``'s programme for the people trained
    (``STAFF_OF``) with a condition on the person and a rate of their own, unless ``ruled_out``."""
    situation, noun = STAFF_OF[situation_key]
    sentences: list[str] = []
    for row in table:
        if row.programme != own.programme or situation not in row.situations or not row.person or not row.rate:
            continue
        if row.rate == own.rate or ruled_out(row):
            continue
        sentence = f"Für {noun}, die {row.person}: {row.rate}."
        if sentence not in sentences:
            sentences.append(sentence)
    return tuple(sentences)


def phrases() -> dict[str, Any]:
    """The words the browser check composes its sentences from (the same as ``explain``)."""
    return {
        "situation": {key: s.reason for key, s in SITUATIONS.items()},
        "situation_easy": {key: s.easy for key, s in SITUATIONS.items()},
        "conditions": list(CONDITIONS),
        "fits": FITS,
        "staff": {key: list(value) for key, value in STAFF_OF.items()},
    }


FORMAT_WORDS = {"praesenz": "in Präsenz", "online": "online", "hybrid": "hybrid (teils vor Ort, teils online)"}


def course_conditions(programme: records.FundingTerm) -> list[str]:
    """What a course must meet (``course``), one short sentence each, for the pages next to the
    rates: "Der Kurs dauert mehr als 120 Stunden." Empty when the programme declares nothing."""
    course = programme.course
    if course is None:
        return []
    said = []
    if course.hours_more_than is not None:
        said.append(f"Der Kurs dauert mehr als {format_number(course.hours_more_than)} Stunden.")
    if course.hours_min is not None and course.hours_max is not None:
        said.append(f"Der Kurs umfasst {format_number(course.hours_min)} bis {format_number(course.hours_max)} Unterrichtsstunden.")
    elif course.hours_min is not None:
        said.append(f"Der Kurs umfasst mindestens {format_number(course.hours_min)} Unterrichtsstunden.")
    elif course.hours_max is not None:
        said.append(f"Der Kurs umfasst höchstens {format_number(course.hours_max)} Unterrichtsstunden.")
    if course.hours_per_day_min is not None:
        said.append(f"Der Kurs hat im Schnitt mindestens {format_number(course.hours_per_day_min)} Zeitstunden Unterricht am Tag.")
    if course.formats:
        said.append(f"Der Kurs findet {join_de([FORMAT_WORDS[f] for f in course.formats], 'oder')} statt.")
    if course.certification:
        said.append(f"Kurs und Anbieter brauchen eine Zulassung nach {course.certification}.")
    return said


def _words(text: str) -> list[str]:
    """The words and numbers of a text in lower case: "AZAV-Zulassung" is ["azav", "zulassung"]."""
    return re.findall(r"[^\W_]+", text.lower())


def names_certification(certifications: Sequence[str], wanted: str) -> bool:
    """Whether one of a provider's ``certifications`` names ``wanted``: its words, in a row and
    whole ("Zulassung nach AZAV" and "AZAV-Trägerzulassung" name AZAV; "ISO 9001:2015" names
    ISO 9001). Lower case on both sides, as lotse-vorschau.js compares."""
    needed = _words(wanted)
    if not needed:
        return True
    for entry in certifications:
        words = _words(entry)
        if any(words[i:i + len(needed)] == needed for i in range(len(words) - len(needed) + 1)):
            return True
    return False


def _title(model: type[records.Record], name: str) -> str:
    """A field's label as editors read it in the browser editor and the field reference."""
    return model.model_fields[name].title or name


def _quoted(values: Sequence[str], last: str = "und") -> str:
    return join_de([f"„{value}“" for value in values], last)


def course_breaks(
    programme: records.FundingTerm, offer: records.Offer, sessions: Sequence[int | None], certifications: Sequence[str] = (),
    provider_file: str | None = None,
) -> list[str]:
    """Why ``offer`` visibly cannot be covered by ``programme`` (its ``course``), judged only on
    what the offer states: its form, its hours, and ``sessions``, the length in minutes of a
    session of each of its dates still to come (of all when none is; None where a date names
    no end, ``model.OfferDate.session_minutes``), and on its provider's ``certifications``
    (``course.certification``; a provider that declares none is not judged). Empty when
    nothing stated breaks a condition.

    Each reason is a clause for editors (after "erfüllt … nicht:"): what the files say, by
    the fields' labels and the values as written or shown ("die Form ist „Online“"), never
    field names or ids; the provider's reason names its file (``provider_file``) when given,
    where the certification would be added."""
    course = programme.course
    if course is None:
        return []
    found = []
    if course.formats and offer.format not in course.formats:
        labels = records.FORMAT_LABELS  # as visitors and editors read them, not the ids
        found.append(f"die {_title(records.Offer, 'format')} ist „{labels[offer.format]}“, das Programm verlangt "
                     f"{_quoted([labels[f] for f in course.formats], 'oder')}")
    hours = offer.duration.hours if offer.duration is not None else None
    if hours is not None:
        said = f"der Kurs umfasst {format_number(hours)} {_title(records.Duration, 'hours')}, das Programm"
        if course.hours_more_than is not None and hours <= course.hours_more_than:
            found.append(f"{said} verlangt mehr als {format_number(course.hours_more_than)}")
        if course.hours_min is not None and hours < course.hours_min:
            found.append(f"{said} verlangt mindestens {format_number(course.hours_min)}")
        if course.hours_max is not None and hours > course.hours_max:
            found.append(f"{said} erlaubt höchstens {format_number(course.hours_max)}")
    if course.hours_per_day_min is not None:
        lengths = [None if minutes is None else minutes / 60 for minutes in sessions]
        if lengths and all(length is not None and length < course.hours_per_day_min for length in lengths):
            longest = max(length for length in lengths if length is not None)
            found.append(f"die Termine dauern höchstens {format_number(round(longest, 2))} Stunden am Tag, das Programm "
                         f"verlangt im Schnitt mindestens {format_number(course.hours_per_day_min)}")
    if course.certification and certifications and not names_certification(certifications, course.certification):
        provider = f"der Anbieter ({provider_file})" if provider_file else "der Anbieter"
        found.append(f"{provider} nennt als {_title(records.Provider, 'certifications')} nur {_quoted(certifications)}, "
                     f"keine {_title(records.FundingCourse, 'certification')} nach {course.certification}")
    return found
