# ruff: noqa: E501  (the demo texts are prose; wrapping them would only make them harder to read)
"""Demo follow-up data: seed 000's follow-up of the local equality work, and seed 001's House.

The structure is the seeds': three questions asked in three groups on three dates, answers compiled
under the report's themes, five process leaders' learning logs, the four-theme action plan for
co-creative leadership and the unranked ideas for continuation; a House with six rooms and a garage,
and an annual wheel with a year of stops. Every answer, idea and action is paraphrased in our own
words and every person is invented. Loading goes through the actions and is idempotent: each part is
looked up by a stable name first, so a second run creates nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from jamlik.core.actions import do_add_membership, do_create_person
from jamlik.core.models import OrganisationUnit, Person
from jamlik.followup import actions
from jamlik.followup.models import Action, ActionPlan, FollowUpRound, Forum, Idea, LearningLog, WheelStop
from jamlik.goals.actions import (
    do_add_room_link,
    do_create_management_model,
    do_park_issue,
    do_pick_up_parked_issue,
    do_update_room,
)
from jamlik.goals.models import ManagementModel
from jamlik.processes.actions import do_add_process_leader, do_create_process
from jamlik.processes.models import ChangeProcess

ROUND_TITLE = "Uppföljning av organiseringen av det lokala jämlikhetsarbetet 2015–2018"

QUESTIONS = [
    "Vad har varit bra med organiseringen?",
    "Vad har varit utmanande?",
    "Vilka idéer och tankar har du om fortsatta arbetsformer för en jämlik stad och stadsdel?",
]

# (name, date, body unit code, body role): the seed's three occasions.
GROUPS = [
    ("Samordnad processledning", datetime.date(2018, 4, 23), "UA", ""),
    ("Processledningsteamet", datetime.date(2018, 5, 9), None, ""),
    ("Stora förvaltningsledningen", datetime.date(2018, 8, 20), "SDF-NH", "management"),
]

# Question index → [(theme, [answers])]. The report's themes; the answers in our own words.
ANSWERS: dict[int, list[tuple[str, list[str]]]] = {
    0: [
        (
            "Ledning och styrning",
            [
                "När direktören och förvaltningsledningen gett tydligt stöd har det gjort stor skillnad.",
                "Kopplingen till ledarforum har varit värdefull.",
                "Närheten till högsta ledningen och ledarforum gav jämlikhetsarbetet tyngd och prioritet.",
            ],
        ),
        (
            "Medskapande ledarskap – lärande och utveckling",
            [
                "Arbetet har burits av ett långsiktigt och uthålligt lärande.",
                "Den teoretiska modellen, fokus på nya arbetssätt och att lyssna på invånare har varit bra.",
                "Medskapande i praktiken är kraftfullt och har påverkat resultaten.",
                "Blandningen av teori och praktik har fungerat bra.",
                "Andetaget har varit en hjälpsam modell och metod.",
                "Återkommande kollegial coaching har gett gemensamt lärande över tid.",
                "Ledarforum har lärt ut nya arbetsmetoder på ett bra sätt.",
                "Satsningen lockade många kompetenta personer, både i arbetet och som föreläsare.",
            ],
        ),
        (
            "Gränsöverskridande samverkan",
            [
                "Möten över gränser mellan professioner ger nya perspektiv, t.ex. chefer och utvecklingsledare ihop.",
                "Att ta del av varandras arbete i temagrupperna har inspirerat.",
                "Processledningsteamet är en bred grupp som ger förankring och fler perspektiv.",
                "Samverkan har ökat och fler har kunnat bidra och lära av varandra.",
            ],
        ),
        (
            "Resultat",
            [
                "Temagrupper med tydlig start och slut har fungerat bra.",
                "Temagruppernas arbete har förts vidare och blivit verklighet.",
                "Det har blivit handling, inte bara prat.",
                "Organiseringen har haft tydligt fokus på det prioriterade, med engagerat processteam och ledning.",
            ],
        ),
    ],
    1: [
        (
            "Ledning och styrning",
            [
                "Stödet från förvaltningsledningen har periodvis saknats.",
                "Kommunikationen i linjen har brustit, så förankringen på enhetsnivå har inte fungerat.",
                "Politiken och förvaltningsledningen tycks tolka uppdraget olika.",
                "Chefer har sällan efterfrågat stöd i jämlikhetsarbetet.",
                "Kopplingen mellan stadens och stadsdelens jämlikhetsarbete har varit svag.",
                "Temagruppernas arbete har inte förankrats på ledarforum.",
                "Nya chefer har inte fått någon introduktion i jämlikhetsarbetet.",
            ],
        ),
        (
            "Prioritering och legitimering",
            [
                "Uppdraget är stort och komplext och svårt att ha samsyn kring och prioritera gemensamt.",
                "Hårt pressade verksamheter och utvecklingsarbete drar åt olika håll.",
                "Det är svårt att synka alla planer och utvecklingsprocesser till en helhet.",
                "Legitimiteten för organiseringen har varit svag och förankringen har minskat över tid.",
                "En del chefer har visat lågt engagemang för att komma till ledarforum.",
                "Arbetet tar tid och akuta uppgifter går före; avgränsade resurser har saknats.",
                "Vakanser och frånvaro i processledningsteamet har ibland sänkt energin.",
            ],
        ),
        (
            "Otydligheter",
            [
                "Det har varit oklart vilka frågor som hör hemma i processledningsteamet och vilka som inte gör det.",
                "Temagrupperna har befunnit sig i olika skeden.",
                "Vem formulerade egentligen frågorna som temagrupperna arbetar med?",
            ],
        ),
        (
            "Genomslag och förändring i praktiken",
            [
                "Det är svårt att få genomslag för nya metoder och arbetssätt i verksamheterna.",
                "Helhetstänket utmanar ledningen eftersom det bryter stuprören och kräver långsiktighet.",
                "Nätverksarbete kan krocka med att enhetschefer saknar mandat att förändra i en fråga.",
                "Det är svårt att få sektorerna att dela med sig av sina jämlikhetsutmaningar.",
                "Konkreta värden och resultat är svåra att avläsa i en sådan här satsning.",
                "Stadsdelen har gått före, vilket gör det svårt att synka med stadens arbete.",
            ],
        ),
    ],
}

# The ideas for continuation, by heading; collected unranked, as the report says.
IDEAS: list[tuple[str, list[str]]] = [
    (
        "Strategiskt och samordnat arbetssätt",
        [
            "Behåll rollen som processledare för jämlikhetsarbetet men ge den ett tydligt mandat att stödja och driva på.",
            "Inrätta ett jämlikhetsråd med politiker i stadsdelsnämnden, gärna kopplat till ett befintligt råd.",
        ],
    ),
    (
        "Innovation och förändringskultur",
        [
            "Erbjud en öppen projektverkstad två gånger per år där alla kan ta med en idé, ett behov, "
            "en utmaning eller ett projekt.",
            "Förvaltningsledningen behöver aktivt stödja innovation och förändring – och våga mer.",
            "Ge processledarna tid och mandat att stödja förändringsprocesser i sektorernas ordinarie verksamhet.",
            "Skapa stödjande strukturer: tid och plats att mötas, en kultur av att hjälpa varandra och tydligt "
            "stöd från ledningen.",
        ],
    ),
    (
        "Följ upp temagruppernas erfarenheter och förslag",
        [
            "Följ upp temagruppernas förslag och ge processledarna besked om vad som kan genomföras.",
            "Följ upp hur barn och familjer upplever de förändringar som görs.",
            "Starta områdesarbete i ett nytt bostadsområde med erfarenheterna från det tidigare områdesarbetet.",
            "Utveckla samverkan med föreningar, civilsamhälle och lokala nätverk.",
            "Behåll processtöd för medskapande och dialog över sektorsgränserna.",
        ],
    ),
    (
        "Verksamhetsutveckling i kärnverksamheterna",
        [
            "Skapa ett lärande forum för verksamhetsutvecklare och processledare som stödjer kärnverksamheterna.",
            "Använd processledningsteamets deltagare för att lyssna in sektorernas jämlikhetsutmaningar.",
            "Gör jämlikhetsfrågor till en stående punkt på arbetsplatsträffar och i ledningsgrupper.",
            "Börja i det lilla och var konkreta.",
        ],
    ),
    (
        "Tillitsbaserat och medskapande ledarskap",
        [
            "Gör ett introduktionsprogram för nya chefer som omfattar arbetet för en jämlik stadsdel.",
            "Väv ihop erfarenheterna av medskapande ledarskap med ledarutvecklingen i ledarakademin.",
            "Genomför handlingsplanen för medskapande ledarskap.",
            "Låt de som tränats i processledningsteamet bidra till introduktionen och ledarakademin.",
            "Låt det medskapande arbetssättet genomsyra vardagen, inte bara särskilda evenemang.",
        ],
    ),
]

OTHER_ROUNDS = [
    (
        "Medskapande i förvaltningsledningen",
        "Förvaltningsledningens samtal om medskapande, som blev grunden till handlingsplanen.",
        [
            "Vad innebär ledarfilosofin för mig i mitt ledarskap?",
            "Det här tycker jag om med medskapande.",
            "Det här känner jag oro för med medskapande.",
            "Vilken är den klokaste vägen framåt för oss?",
        ],
        ("Stora förvaltningsledningen", datetime.date(2018, 2, 19), "SDF-NH", "management"),
    ),
    (
        "Fortsättningen för temagrupperna",
        "Processledningsteamets samtal om hur arbetet i varje temagrupp kan fortsätta.",
        [
            "Hur tänker du om fortsättningen på arbetet i din temagrupp eller process?",
            "Vad behöver du från ledningen för att arbetet ska leva vidare?",
        ],
        ("Processledningsteamet", datetime.date(2018, 6, 11), None, ""),
    ),
]

PLAN_TITLE = "Handlingsplan för medskapande ledarskap"

# (theme, [(action, owner username, due date, status)]); owners are demo people.
PLAN: list[tuple[str, list[tuple[str, str, datetime.date, str]]]] = [
    (
        "Kompetensutveckling och en gemensam metodbank",
        [
            (
                "Kunskapspass i ledarakademin som stärker det ledarskap ledarfilosofin beskriver.",
                "karin",
                datetime.date(2018, 12, 31),
                Action.Status.DONE,
            ),
            (
                "Korta workshops där chefer får kunskap och tillfälle att öva.",
                "agnes",
                datetime.date(2019, 3, 31),
                Action.Status.DONE,
            ),
            (
                "Fördjupad träning för några i varje sektor, som sedan kan vara mentorer för nya chefer.",
                "karin",
                datetime.date(2019, 6, 30),
                Action.Status.IN_PROGRESS,
            ),
            (
                "Samla kunskap, metoder och förhållningssätt i en digital ledarbok.",
                "agnes",
                datetime.date(2019, 9, 30),
                Action.Status.IN_PROGRESS,
            ),
        ],
    ),
    (
        "Tillfällen att öva och en kultur där vi vågar be om hjälp",
        [
            (
                "Coachingcirklar där chefer delar erfarenheter och coachar varandra.",
                "agnes",
                datetime.date(2019, 2, 28),
                Action.Status.DONE,
            ),
            (
                "Trygghetsskapande inslag, t.ex. incheckning, i alla möten.",
                "karin",
                datetime.date(2019, 4, 30),
                Action.Status.IN_PROGRESS,
            ),
            (
                "En erfaren och en lärling leder tillsammans medskapande möten på ledarforum.",
                "agnes",
                datetime.date(2019, 5, 31),
                Action.Status.NOT_STARTED,
            ),
            (
                "Chefer är värdar i skarpa medskapande processer, minst en gång under ledarakademin.",
                "karin",
                datetime.date(2019, 12, 31),
                Action.Status.NOT_STARTED,
            ),
        ],
    ),
    (
        "Tydliggör när och varför vi medskapar",
        [
            (
                "Skriv färdigt dokumentet om vad medskapande betyder hos oss.",
                "agnes",
                datetime.date(2018, 10, 31),
                Action.Status.DONE,
            ),
            (
                "Föreläsningar i ledarakademin om dokumentet ur olika perspektiv.",
                "agnes",
                datetime.date(2019, 3, 31),
                Action.Status.IN_PROGRESS,
            ),
            (
                "Samtalsprocesser utifrån dokumentet för att konkretisera det.",
                "karin",
                datetime.date(2019, 6, 30),
                Action.Status.NOT_STARTED,
            ),
            (
                "Samtalsmaterial som chefer kan använda i ledningsgrupper, på APT och i brukarmöten.",
                "agnes",
                datetime.date(2019, 9, 30),
                Action.Status.NOT_STARTED,
            ),
        ],
    ),
    (
        "Rutiner och mallar anpassade till ett medskapande arbetssätt",
        [
            (
                "Kartlägg vilka processer och strukturer som behöver anpassas.",
                "karin",
                datetime.date(2019, 1, 31),
                Action.Status.DONE,
            ),
            (
                "Börja med mallarna för medarbetarsamtal, lönesamtal, rekrytering, ledarskapskriterier och enkät.",
                "karin",
                datetime.date(2019, 6, 30),
                Action.Status.IN_PROGRESS,
            ),
            (
                "Koppla nya mallar till utbildning i hur de används (se tema 1).",
                "agnes",
                datetime.date(2019, 9, 30),
                Action.Status.NOT_STARTED,
            ),
            (
                "Beskriv medskapande ur chefs- och medarbetarperspektiv i de styrande dokumenten.",
                "karin",
                datetime.date(2019, 12, 31),
                Action.Status.NOT_STARTED,
            ),
            (
                "Se över brukarinflytandet och representationen i råd och på publika mötesplatser.",
                "agnes",
                datetime.date(2019, 12, 31),
                Action.Status.NOT_STARTED,
            ),
        ],
    ),
]

# Five process leaders, one log each: a leader of each of these processes, taken from the demo's own
# process leaders where the processes demo has loaded them, otherwise invented here (FALLBACK_LEADERS).
LOG_PROCESSES = [
    "Familjecentrerat arbetssätt",
    "Barnfattigdom",
    "Unga vuxna",
    "Områdesarbete",
    "Tillgänglig kultur och fritid",
]
FALLBACK_LEADERS = [
    ("Maja", "Holm"),
    ("Erik", "Sandberg"),
    ("Nadia", "Karimi"),
    ("Johan", "Ek"),
    ("Lina", "Berg"),
]

EXTRA_PROCESSES = {
    "Familjecentrerat arbetssätt": (
        "Stödja familjer med samordnade insatser över sektorsgränserna.",
        datetime.date(2017, 1, 1),
        None,
        ChangeProcess.Status.ACTIVE,
    ),
    "Barnfattigdom": (
        "Minska konsekvenserna av ekonomisk utsatthet för barn och familjer.",
        datetime.date(2015, 9, 1),
        datetime.date(2016, 12, 31),
        ChangeProcess.Status.COMPLETED,
    ),
    "Unga vuxna": (
        "Stödja unga vuxna som varken arbetar eller studerar.",
        datetime.date(2016, 1, 1),
        None,
        ChangeProcess.Status.ACTIVE,
    ),
    "Områdesarbete": (
        "Skapa relationer med invånare, föreningar och verksamheter i ett bostadsområde.",
        datetime.date(2015, 9, 1),
        None,
        ChangeProcess.Status.ACTIVE,
    ),
    "Tillgänglig kultur och fritid": (
        "Göra kultur och fritid tillgänglig för personer med funktionsnedsättning.",
        datetime.date(2017, 1, 1),
        datetime.date(2018, 12, 31),
        ChangeProcess.Status.COMPLETED,
    ),
}

LOGS = {
    "Familjecentrerat arbetssätt": (
        "Samverkansrutiner med skola och förskola, en föräldraguide och träffar med idéburna organisationer.",
        "Nya tjänster behöver ett sammanhang där man får pröva och fråga; coachingen i teamet gav det.",
        "Vi bjuder in familjerna till att utvärdera rutinerna med oss.",
        "Skola och socialtjänst hör av sig till varandra tidigare än förut.",
    ),
    "Barnfattigdom": (
        "Dialogcafé med tjänstepersoner och civilsamhälle, intervjuer med familjer, förslag till ledningen.",
        "Vi trodde att vi kände familjernas behov, men samtalen visade att vi saknade viktig kunskap.",
        "Vi bjuder in familjer tidigare och låter dem vara med och formulera problemet.",
        "Kollegor frågar oftare hur förslag påverkar barn i familjer med små marginaler.",
    ),
    "Unga vuxna": (
        "Kartläggning med unga, workshoppar med arbetsmarknadsenheten och skolan.",
        "Samverkan är inget tillstånd utan något som måste erövras om och om igen.",
        "Vi påminner varandra om syftet med samverkan i varje möte.",
        "Fler verksamheter hör av sig själva och vill vara med.",
    ),
    "Områdesarbete": (
        "Cykeldialog, grillkväll och en gemensam middag med boende och föreningar i området.",
        "Att göra något trevligt tillsammans gav möten i ögonhöjd i stället för önskelistor.",
        "Vi planerar nästa aktivitet tillsammans med de boende.",
        "Boende och föreningar tar egna initiativ på mötesplatsen och i utemiljön.",
    ),
    "Tillgänglig kultur och fritid": (
        "Besök på en mötesplats för personer med funktionsnedsättning och en gemensam workshop.",
        "Maktskillnaderna suddades ut när vi pratade om vår gemensamma längtan efter en meningsfull fritid.",
        "Vi låter deltagarna själva leda en del av nästa workshop.",
        "Medarbetare ser deltagarnas förmåga att ta ställning på ett nytt sätt.",
    ),
}

HOUSE_UNIT = "IFO-FH"

ROOM_CONTENT = {
    "Processer och normer": (
        [
            "Alla rutiner är kända, aktuella och lätta att hitta.",
            "Dokumentationen håller hög och jämn kvalitet.",
        ],
        [
            "Vilka rutiner har reviderats i år?",
            "Hur vet vi att kön inte styr bedömningar där det saknar betydelse?",
        ],
    ),
    "Trygghet och säkerhet": (
        ["Handläggningen är rättssäker.", "Medarbetarna känner sig trygga i svåra möten."],
        [
            "Vilka avvikelser har rapporterats och vad lärde vi oss?",
            "Skiljer sig tryggheten mellan kvinnor och män?",
        ],
    ),
    "Personal och kompetens": (
        ["Låg personalomsättning och sjukfrånvaro.", "Alla har grundläggande kunskap om jämställdhet."],
        ["Hur har omsättningen och sjukfrånvaron utvecklats, uppdelat på kön?", "Vilken kompetens saknas?"],
    ),
    "Helhetssyn och samverkan": (
        ["Barn och familjer möter en sammanhållen socialtjänst."],
        ["Vilka samverkansöverenskommelser har följts upp?", "Hur tas barns röster tillvara?"],
    ),
    "Förhållningssätt och beslutsfattande": (
        [
            "Beslut fattas nära verksamheten med tydliga mandat.",
            "Värdegrunden med jämställdhet syns i vardagen.",
        ],
        ["Är roller och mandat tydliga?", "Hur diskuterar vi normer och värderingar i fiktiva fall?"],
    ),
    "Omvärldsbevakning": (
        ["Ny kunskap och ny lagstiftning fångas upp i tid."],
        ["Vilka förändringar i omvärlden påverkar oss nästa år?", "Vad kan vi lära av andra kommuner?"],
    ),
}

GARAGE = [
    (
        "Gemensam mall för dokumentation i alla enheter",
        "Väntar på det nya verksamhetssystemet.",
        400,
        60,
        None,
    ),
    ("Friskfaktorer i schemaläggningen", "Kräver en förhandling som inte hinns med i år.", 200, -20, None),
    (
        "Könsuppdelad statistik ur verksamhetssystemet",
        "Leverantören har inte levererat rapportfunktionen.",
        150,
        120,
        None,
    ),
    (
        "Introduktion om jämställdhet för nyanställda",
        "Kunde inte hanteras förrän utbildningen var klar.",
        300,
        -100,
        "Personal och kompetens",
    ),
]

# (title, kind, month, day, owner username, unit code, room name or None, description)
WHEEL: list[tuple[str, str, int, int, str, str, str | None, str]] = [
    (
        "Årlig uppföljningsrapport",
        WheelStop.Kind.REPORT,
        2,
        15,
        "agnes",
        "SDF-NH",
        None,
        "Rapporten om det lokala jämlikhetsarbetet lämnas till nämnden.",
    ),
    (
        "Uppföljningsrunda: vår",
        WheelStop.Kind.FOLLOWUP,
        4,
        23,
        "agnes",
        "SDF-NH",
        None,
        "Samma tre frågor i tre grupper.",
    ),
    (
        "Uppföljningsrunda: höst",
        WheelStop.Kind.FOLLOWUP,
        8,
        20,
        "agnes",
        "SDF-NH",
        None,
        "Förvaltningsledningens del av uppföljningen.",
    ),
    ("Delårsrapport", WheelStop.Kind.REPORT, 8, 31, "karin", "SDF-NH", None, ""),
    (
        "Budget och verksamhetsplan",
        WheelStop.Kind.BUDGET,
        11,
        15,
        "karin",
        "SDF-NH",
        None,
        "Beslut om nästa års budget och prioriteringar.",
    ),
    (
        "Beslut om förändringsprocesser",
        WheelStop.Kind.BUDGET,
        12,
        10,
        "karin",
        "SDF-NH",
        None,
        "Ledningen beslutar vilka processer som startar och fortsätter.",
    ),
]
FORUM_MONTHS = [
    (1, 20, False),
    (2, 17, True),
    (3, 16, False),
    (4, 13, True),
    (5, 18, False),
    (9, 14, True),
    (10, 12, False),
    (11, 16, True),
]
ROOM_REVIEW_MONTHS = [(2, 5), (3, 5), (4, 9), (5, 7), (9, 8), (10, 6)]


def _person(username: str) -> Person:
    return Person.objects.get(user__username=username)


def _unit(code: str) -> OrganisationUnit:
    return OrganisationUnit.objects.get(code=code)


def load_followup_demo() -> int:
    """Load whatever is missing; returns how many top-level objects were created."""
    created = 0
    with transaction.atomic():
        for loader in (_load_logs, _load_rounds, _load_plan, _load_house, _load_wheel, _load_forums):
            created += loader()
    return created


def _load_rounds() -> int:
    if FollowUpRound.objects.filter(title=ROUND_TITLE).exists():
        return 0
    admin = _unit("SDF-NH")
    round_ = actions.do_create_round(
        acting_user=None,
        owner_unit=admin,
        title=ROUND_TITLE,
        description="Tre frågor om hur det lokala arbetet för en jämlik stadsdel har organiserats, ställda vid "
        "tre tillfällen i tre grupper.",
        questions=QUESTIONS,
    )
    groups = [_group(round_, *spec) for spec in GROUPS]
    questions = list(round_.questions.all())
    for index, themes in ANSWERS.items():
        _answers_under_themes(round_, questions[index], groups, themes)
    _answers_under_themes(round_, questions[2], groups, IDEAS)
    for heading, texts in IDEAS:
        for text in texts:
            actions.do_add_idea(acting_user=None, owner_unit=admin, text=text, heading=heading, round=round_)
    actions.do_set_round_open(round_, acting_user=None, is_open=False)
    for title, description, questions_, group in OTHER_ROUNDS:
        other = actions.do_create_round(
            acting_user=None, owner_unit=admin, title=title, description=description, questions=questions_
        )
        _group(other, *group)
    return 3


def _group(round_: FollowUpRound, name: str, date: datetime.date, unit_code: str | None, role: str) -> Any:
    members = []
    if unit_code is None:  # the process leadership team: every process leader of the demo
        members = list(Person.objects.filter(leaderships__isnull=False).distinct())
    return actions.do_add_round_group(
        round_,
        acting_user=None,
        name=name,
        date=date,
        members=members,
        body_unit=_unit(unit_code) if unit_code else None,
        body_role=role,
    )


def _answers_under_themes(round_: FollowUpRound, question: Any, groups: list[Any], themes: list[Any]) -> None:
    """Record the answers group by group (spread over the three groups), then group them under themes."""
    by_group: dict[int, list[tuple[str, str]]] = {}
    counter = 0
    for theme, texts in themes:
        for text in texts:
            by_group.setdefault(counter % len(groups), []).append((theme, text))
            counter += 1
    theme_answers: dict[str, list[Any]] = {}
    for group_index, rows in sorted(by_group.items()):
        recorded = actions.do_record_answers(
            round_,
            acting_user=None,
            group=groups[group_index],
            answers={question: "\n".join(t for _h, t in rows)},
        )
        for (theme, _text), answer in zip(rows, recorded, strict=True):
            theme_answers.setdefault(theme, []).append(answer)
    for theme, _texts in themes:
        actions.do_create_theme(question, acting_user=None, name=theme, answers=theme_answers[theme])


def _process(name: str) -> ChangeProcess:
    process = ChangeProcess.objects.filter(name=name).first()
    if process is None:
        purpose, start, end, status = EXTRA_PROCESSES[name]
        process = do_create_process(
            acting_user=None,
            name=name,
            purpose=purpose,
            start=start,
            end=end,
            status=status,
            owner_unit=_unit("SDF-NH"),
        )
    return process


def _log_author(process: ChangeProcess, used: set[int], fallbacks: list[tuple[str, str]]) -> Person:
    """The process's first leader not already writing a log; else an invented leader added to it."""
    for leadership in process.leaderships.select_related("person").order_by("start", "pk"):
        if leadership.person_id not in used:
            return leadership.person
    first, last = fallbacks.pop(0)
    person = Person.objects.filter(first_name=first, last_name=last).first()
    if person is None:
        person = do_create_person(acting_user=None, first_name=first, last_name=last, title="Processledare")
        do_add_membership(
            acting_user=None,
            person=person,
            unit=_unit("UA"),
            role="process_leader",
            start=datetime.date(2015, 1, 1),
        )
    if process.current_leaderships().count() < 2:  # another loader may already have given it its pair
        do_add_process_leader(
            process, acting_user=None, person=person, start=process.start or datetime.date(2015, 9, 1)
        )
    return person


def _load_logs() -> int:
    if LearningLog.objects.exists():
        return 0
    used: set[int] = set()
    fallbacks = list(FALLBACK_LEADERS)
    for name in LOG_PROCESSES:
        process = _process(name)
        author = _log_author(process, used, fallbacks)
        used.add(author.pk)
        activities, experiences, new_activities, signs = LOGS[name]
        actions.do_create_learning_log(
            process,
            acting_user=None,
            author=author,
            period_start=datetime.date(2017, 9, 1),
            period_end=datetime.date(2018, 6, 30),
            activities=activities,
            experiences=experiences,
            new_activities=new_activities,
            signs_of_change=signs,
        )
    return len(LOG_PROCESSES)


def _load_plan() -> int:
    if ActionPlan.objects.filter(title=PLAN_TITLE).exists():
        return 0
    plan = actions.do_create_action_plan(
        acting_user=None,
        owner_unit=_unit("SDF-NH"),
        title=PLAN_TITLE,
        adopted_on=datetime.date(2018, 2, 19),
        description="Förvaltningsledningen valde de mest angelägna handlingarna för medskapande; de samlades i "
        "fyra teman som blev utgångspunkten för planen.",
    )
    idea = Idea.objects.filter(text__startswith="Genomför handlingsplanen").first()
    for title, rows in PLAN:
        theme = actions.do_add_plan_theme(plan, acting_user=None, title=title)
        for text, owner, due_on, status in rows:
            action = actions.do_add_action(
                theme, acting_user=None, text=text, owner=_person(owner), due_on=due_on, idea=idea
            )
            if status != Action.Status.NOT_STARTED:
                actions.do_report_action_status(action, acting_user=None, status=status)
    return 1


def _load_house() -> int:
    unit = _unit(HOUSE_UNIT)
    if ManagementModel.objects.filter(unit=unit).exists():
        return 0
    house = do_create_management_model(
        unit,
        acting_user=None,
        name="Huset",
        mission_and_goals="Individ- och familjeomsorgens uppdrag i samhället\nRättssäker handläggning och god "
        "dokumentation\nStöd som gör skillnad för barn, unga och vuxna",
        work_environment_aim="En god arbetsmiljö: hög kvalitet förutsätter god arbetsmiljö, och tvärtom.",
        vision="En socialtjänst där alla får stöd av hög och jämn kvalitet.",
        political_goals="En hållbar och jämställd kommun\nBarnens rättigheter tas tillvara",
    )
    for room in house.rooms.all():
        goals, questions = ROOM_CONTENT.get(room.name, ([], []))
        content = {"goals": "\n".join(goals), "followup_questions": "\n".join(questions)}
        do_update_room(room, acting_user=None, data=content, expected_version=room.version)  # type: ignore[arg-type]
        do_add_room_link(
            room,
            acting_user=None,
            title=f"Rutiner: {room.name.lower()}",
            url=f"https://intranat.example.org/ifo/huset/{room.position}",
        )
    today = datetime.date.today()
    for title, reason, ago, revisit_in, picked_room in GARAGE:
        issue = do_park_issue(
            house,
            acting_user=None,
            title=title,
            reason=reason,
            parked_on=today - datetime.timedelta(days=ago),
            revisit_on=today + datetime.timedelta(days=revisit_in),
            owner=_person("agnes"),
        )
        if picked_room:
            do_pick_up_parked_issue(
                issue,
                acting_user=None,
                room=house.rooms.get(name=picked_room),
                note="Tas upp när rummet gås igenom i år.",
            )
    return 1


def _load_wheel() -> int:
    if WheelStop.objects.exists():
        return 0
    created = 0
    for title, kind, month, day, owner, unit_code, _room, description in WHEEL:
        actions.do_create_wheel_stop(
            acting_user=None,
            unit=_unit(unit_code),
            title=title,
            kind=kind,
            month=month,
            day=day,
            owner=_person(owner),
            description=description,
            reminder_days=14,
        )
        created += 1
    for month, day, equality in FORUM_MONTHS:
        actions.do_create_wheel_stop(
            acting_user=None,
            unit=_unit("SDF-NH"),
            title="Ledarforum" + (" med jämlikhetsfokus" if equality else ""),
            kind=WheelStop.Kind.FORUM,
            month=month,
            day=day,
            owner=_person("agnes"),
            reminder_days=7,
        )
        created += 1
    house = ManagementModel.objects.filter(unit__code=HOUSE_UNIT).first()
    if house is not None:
        for room, (month, day) in zip(house.rooms.all(), ROOM_REVIEW_MONTHS, strict=False):
            actions.do_create_wheel_stop(
                acting_user=None,
                unit=house.unit,
                title=f"Genomgång av rummet {room.name.lower()}",
                kind=WheelStop.Kind.ROOM_REVIEW,
                month=month,
                day=day,
                room=room,
                owner=_person("omar"),
                reminder_days=10,
                description="Rummets mål, jämställdhetsmål och uppföljningsfrågor gås igenom.",
            )
            created += 1
    return created


def _load_forums() -> int:
    if Forum.objects.exists():
        return 0
    admin = _unit("SDF-NH")
    forum = actions.do_create_forum(
        acting_user=None,
        owner_unit=admin,
        name="Ledarforum",
        meetings_per_year=8,
        equality_meetings_per_year=4,
        description="Alla chefer i stadsdelen; fyra av årets åtta träffar har jämlikhet i fokus.",
    )
    processes = list(ChangeProcess.objects.order_by("name")[:3])
    for month, day, equality in FORUM_MONTHS:
        meeting = actions.do_add_forum_meeting(
            forum,
            acting_user=None,
            date=datetime.date(2018, month, day),
            equality_focus=equality,
            theme="Medskapande ledarskap" if equality else "",
        )
        if equality and processes:
            process = processes[month % len(processes)]
            item = actions.do_add_agenda_item(
                meeting, acting_user=None, title=f"Lägesrapport: {process.name}", process=process
            )
            actions.do_record_agenda_outcome(
                item,
                acting_user=None,
                notes="Processledarna berättade om läget och vad de lärt sig.",
                decision="Ledarforum tar med sig förslagen till förvaltningsledningen.",
            )
    workshop = actions.do_create_forum(
        acting_user=None,
        owner_unit=admin,
        name="Mötesplats Jämlik stadsdel",
        meetings_per_year=2,
        equality_meetings_per_year=2,
        is_project_workshop=True,
        description="En öppen projektverkstad för alla som arbetar i förvaltningen, två gånger per år.",
    )
    actions.do_add_forum_meeting(
        workshop,
        acting_user=None,
        date=datetime.date(2018, 10, 4),
        equality_focus=True,
        theme="Projektverkstad",
    )
    for username, kind, title, description, status, outcome in [
        (
            "jonas",
            "idea",
            "Läxhjälp på biblioteket",
            "Volontärer hjälper elever med läxor två kvällar i veckan.",
            "in_progress",
            "Startar med en kväll i veckan på ett av biblioteken.",
        ),
        (
            "omar",
            "need",
            "Tolk vid föräldramöten",
            "Föräldrar som inte talar svenska missar information.",
            "workshopped",
            "",
        ),
        (
            "sara",
            "challenge",
            "Unga som inte söker stöd",
            "Hur når vi unga som aldrig hör av sig?",
            "submitted",
            "",
        ),
    ]:
        submission = actions.do_submit_to_workshop(
            workshop,
            acting_user=None,
            submitted_by=_person(username),
            kind=kind,
            title=title,
            description=description,
        )
        if status != "submitted":
            actions.do_follow_up_submission(submission, acting_user=None, status=status, outcome=outcome)
    return 2
