"""Demo data: the eight change processes a district administration's follow-up report (seed 000) describes.

Periods, purposes (with the purposes that changed), statuses, activities, proposals, decisions and the
implementation assessments of August 2018 follow the report, in our own words. Every person is
invented. Everything goes through the actions, and each process is keyed by a stable external id,
so loading twice creates nothing the second time.
"""

from __future__ import annotations

import datetime
from typing import Any

from jamlik.core.actions import do_add_membership, do_create_person
from jamlik.core.models import OrganisationUnit, Person
from jamlik.goals.models import Programme
from jamlik.processes import actions as pa
from jamlik.processes.models import ChangeProcess
from jamlik.proposals.actions import do_create_proposal, do_decide_proposal, do_record_assessment

D = datetime.date
AUG_2018 = D(2018, 8, 15)

# first name, last name, title, unit code (all invented)
PEOPLE = [
    ("Maja", "Lund", "Utvecklingsledare", "UA"),
    ("Jenny", "Falk", "Förskolechef", "UTB"),
    ("Petra", "Holm", "Utvecklingsledare", "UA"),
    ("Ulf", "Berg", "Verksamhetsutvecklare", "KOF"),
    ("Frida", "Sand", "Utvecklingsledare", "UA"),
    ("Inger", "Alm", "Utvecklingsledare", "UA"),
    ("Marit", "Wiik", "Enhetschef", "AO-HSV"),
    ("Annika", "Tall", "Enhetschef", "KOF"),
    ("Cecilia", "Ros", "Utvecklingsledare", "UA"),
    ("Rasmus", "Nord", "Enhetschef", "IFO-FH"),
    ("Karl", "Björk", "Verksamhetsutvecklare", "KOF"),
    ("Malin", "Gran", "Utvecklingsledare", "UA"),
    ("Lisa", "Dahl", "Utvecklingsledare", "UA"),
    ("Britt", "Hed", "Verksamhetsutvecklare", "IFO-FH"),
    ("Eva", "Sund", "Enhetschef", "IFO-FH"),
    ("Susanne", "Vall", "Pedagogista", "UTB"),
    ("Hanna", "Ström", "Koordinator familjecentrerat arbete", "IFO-FH"),
    ("Henrik", "Strand", "Tillförordnad stadsdelsdirektör", "SDF-NH"),
]

CRITERIA = {
    "criterion_sectors": "Utmaningen berör flera sektorers ansvar och kan inte lösas av en verksamhet.",
    "criterion_complex": "Orsakerna är många och sammanflätade; det finns ingen given lösning.",
    "criterion_equality": "Utmaningen hänger ihop med ojämlika livsvillkor och ojämlik hälsa i stadsdelen.",
}

FVL = "Förvaltningsledningen"
SFVL = "Stora förvaltningsledningen"
HISINGEN = "Styrgruppen för fattigdomsarbetet på Hisingen (tre stadsdelsdirektörer)"

IMPLEMENTED, PARTLY, NOT, WAITING, NOT_PRIORITISED = (
    "implemented",
    "partly",
    "not_implemented",
    "waiting",
    "not_prioritised",
)

# Each process: its facts, its history and its proposals. A proposal is
# (heading, title, directed-to unit code, submitted, decision or None, assessment or None);
# a decision is (kind, date, body, motivation, extra) and an assessment (state, assessor, role, comment).
PROCESSES: list[dict[str, Any]] = [
    {
        "key": "demo-unga-vuxna",
        "name": "Unga vuxna",
        "purpose": "Ta reda på hur förvaltningen kan stärka sitt arbete med unga 16–24 år för meningsfull "
        "sysselsättning, delaktighet i samhället och mindre utanförskap och kriminalitet.",
        "start": D(2015, 9, 1),
        "end": D(2016, 12, 31),
        "final": "completed",
        "leaders": [("Lisa", "Dahl"), ("Britt", "Hed")],
        "sectors": ["IFO-FH", "UTB", "KOF"],
        "areas": [0, 3],
        "activities": [
            (
                D(2016, 12, 6),
                "meeting",
                None,
                "Slutrapport med slutsatser och rekommendationer presenterad för "
                "förvaltningsledningen, som prioriterade fyra förslag.",
            ),
        ],
        "proposals": [
            (
                "Slutrapportens rekommendationer",
                "Fler insatser i tidig ålder, mer förebyggande arbete och prioriterad skolnärvaro",
                "SDF-NH",
                D(2016, 12, 6),
                ("prioritised", D(2016, 12, 6), FVL, "Prioriterat bland temagruppens förslag.", {}),
                (
                    PARTLY,
                    "Henrik Strand",
                    "Tillförordnad stadsdelsdirektör",
                    "Koordinatorerna för familjecentrerat arbete har stärkt tidiga och förebyggande insatser. "  # noqa: E501
                    "Skolnärvaron väntar på ett stadengemensamt arbetssätt; arbetet mot långvarig isolering "
                    "(hikikomori) fortsätter i ordinarie verksamhet.",
                ),
            ),
            (
                "Slutrapportens rekommendationer",
                "En mer öppen och tillåtande kultur och dialog för samverkan och nätverk i förvaltningen",
                "SDF-NH",
                D(2016, 12, 6),
                ("prioritised", D(2016, 12, 6), FVL, "Prioriterat bland temagruppens förslag.", {}),
                (
                    PARTLY,
                    "Henrik Strand",
                    "Tillförordnad stadsdelsdirektör",
                    "Möjligen viss effekt, men arbetet behöver fortsätta och någon behöver ha uppdraget att driva "  # noqa: E501
                    "samverkan och dialog.",
                ),
            ),
            (
                "Slutrapportens rekommendationer",
                "Barn- och ungdomsguide och föräldraguide på flera språk",
                "IFO-FH",
                D(2016, 12, 6),
                ("prioritised", D(2016, 12, 6), FVL, "Prioriterat bland temagruppens förslag.", {}),
                (
                    PARTLY,
                    "Henrik Strand",
                    "Tillförordnad stadsdelsdirektör",
                    "Guiden är framtagen av koordinatorerna, men bara på svenska. Den behöver uppdateras varje år.",  # noqa: E501
                ),
            ),
            (
                "Slutrapportens rekommendationer",
                "Översyn av hur arbetet med målgruppen är organiserat och samordnat i förvaltningen",
                "SDF-NH",
                D(2016, 12, 6),
                ("prioritised", D(2016, 12, 6), FVL, "Prioriterat bland temagruppens förslag.", {}),
                (
                    NOT,
                    "Henrik Strand",
                    "Tillförordnad stadsdelsdirektör",
                    "Temagruppen började, men ledningens beslut om en fördjupad översyn har inte genomförts.",
                ),
            ),
        ],
    },
    {
        "key": "demo-barnfattigdom",
        "name": "Barnfattigdom",
        "purpose": "Ta fram förslag som jämnar ut barns livsvillkor på Hisingen genom att lindra följderna av "  # noqa: E501
        "att växa upp i ekonomisk utsatthet, på uppdrag av styrgruppen för fattigdomsarbetet på Hisingen.",
        "start": D(2015, 9, 1),
        "end": D(2016, 6, 30),
        "final": "completed",
        "leaders": [("Maja", "Lund"), ("Jenny", "Falk")],
        "sectors": ["UTB", "IFO-FH", "KOF"],
        "areas": [0],
        "phases": [
            (
                D(2015, 10, 15),
                "co_initiate",
                True,
                True,
                True,
                "Dialogkafé med medarbetare från flera sektorer och företrädare för ideella organisationer, "
                "kompletterat med intervjuer med familjer.",
            ),
            (D(2016, 1, 15), "co_design", True, False, False, "Förslag inom fem områden arbetades fram."),
        ],
        "participants": [("external", "Stadsmissionen"), ("external", "Rädda Barnen")],
        "activities": [
            (
                D(2015, 10, 15),
                "dialogue",
                None,
                "Dialogkafé om behoven hos barn i familjer med små marginaler.",
            ),
            (
                D(2015, 11, 20),
                "survey",
                None,
                "Intervjuer med några familjer som lever i ekonomisk utsatthet.",
            ),
        ],
        "proposals": [
            (
                "Förskolan",
                "Längre vistelsetid i förskolan för barn vars föräldrar är långtidsarbetslösa eller "
                "föräldralediga",
                "UTB",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", ""),
            ),
            ("Förskolan", "Barnomsorg på obekväm arbetstid", "UTB", D(2016, 3, 1), "all", (NOT, "", "", "")),
            (
                "Förskolan",
                "Progressiv förskoletaxa och avgiftsfri förskola och fritidshem för hushåll med låg inkomst",
                "UTB",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", ""),
            ),
            (
                "Förskolan",
                "Riktad förskolepeng efter socioekonomiska förhållanden",
                "UTB",
                D(2016, 3, 1),
                "all",
                (IMPLEMENTED, "", "", "Infördes när förskoleförvaltningen bildades 2018."),
            ),
            (
                "Förskolan",
                "Uppsökande förskola kopplad till närvaroarbetet i förskolan",
                "UTB",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", "Fanns redan i två av stadsdelarna; har inte utvecklats vidare."),
            ),
            ("Skolan", "Helt kostnadsfri skola och förskola", "UTB", D(2016, 3, 1), "all", (NOT, "", "", "")),
            ("Skolan", "Elevdatorer på alla skolor", "UTB", D(2016, 3, 1), "all", (NOT, "", "", "")),
            (
                "Skolan",
                "Se över hur kulturskolan och liknande verksamheter når ut",
                "UTB",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", ""),
            ),
            (
                "Kultur och fritid",
                "Öppettider och verksamhet anpassade efter området",
                "KOF",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", ""),
            ),
            (
                "Kultur och fritid",
                "Gratis sommarlovsaktiviteter på hela Hisingen",
                "KOF",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", ""),
            ),
            (
                "Kultur och fritid",
                "Samarbete med IFO-FH så att föräldrar hittar till verksamheterna",
                "KOF",
                D(2016, 3, 1),
                "all",
                (
                    PARTLY,
                    "",
                    "",
                    "En föräldraguide finns, också på webben, framtagen av koordinatorerna för "
                    "familjecentrerat arbete. Samarbetet i övrigt är inte bedömt som genomfört.",
                ),
            ),
            (
                "Kultur och fritid",
                "Se över föreningsbidraget så att medlemsavgiften inte blir ett hinder",
                "KOF",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", ""),
            ),
            (
                "IFO-FH",
                "Utveckla det vräkningsförebyggande arbetet i dialog med bostadsbolagen",
                "IFO-FH",
                D(2016, 3, 1),
                "all",
                (PARTLY, "", "", "Fastighetskontoret har byggt upp ett vräkningsförebyggande arbete."),
            ),
            (
                "IFO-FH",
                "En handbok med starkare barnperspektiv i försörjningsstödet",
                "IFO-FH",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", "Ingen handbok har tagits fram."),
            ),
            (
                "Övergripande nivå",
                "Följ upp arbetet med att lindra följderna av barnfattigdom varje år",
                "SDF-NH",
                D(2016, 3, 1),
                "all",
                (NOT, "", "", "Ingen uppföljning har gjorts."),
            ),
            (
                "Övergripande nivå",
                "Kvalitetsgranska barnkonsekvensanalyserna i tjänsteutlåtanden",
                "SDF-NH",
                D(2016, 3, 1),
                "all",
                None,
            ),
            (
                "Övergripande nivå",
                "Ta upp feriearbeten för unga och avgiftsfri gymnasieskola med berörda förvaltningar",
                "SDF-NH",
                D(2016, 3, 1),
                "all",
                (
                    PARTLY,
                    "",
                    "",
                    "De kommunala gymnasieskolorna är avgiftsfria; oklart hur det är i de fristående.",
                ),
            ),
        ],
        "decide_all": (
            "prioritised",
            D(2016, 5, 15),
            HISINGEN,
            "Alla förslag ska genomföras i hela staden; går inte det, så i Hisingens tre stadsdelar.",
            {},
        ),
        "assessor": ("Maja Lund", "Koordinator för familjecentrerat arbete, tidigare processledare"),
    },
    {
        "key": "demo-barn-och-unga",
        "name": "Barn och unga",
        "purpose": "Utforska hur stadsdelen kan bli bra på att tidigt upptäcka och stödja barn och unga 0–16 år.",  # noqa: E501
        "start": D(2016, 1, 15),
        "end": D(2017, 6, 30),
        "final": "completed",
        "leaders": [("Maja", "Lund"), ("Eva", "Sund")],
        "sectors": ["IFO-FH", "UTB"],
        "areas": [0, 3],
        "participants": [("internal", ("Susanne", "Vall"))],
        "phases": [(D(2016, 9, 1), "co_design", True, False, False, "Workshop med medarbetare och chefer.")],
        "activities": [
            (D(2016, 9, 20), "workshop", None, "Workshop med medarbetare och chefer om tidiga upptäckter."),
        ],
        "proposals": [
            (
                "Huvudförslag",
                "Skapa en tvärsektoriell samverkansstruktur för barn och unga (en kommunal strategigrupp)",
                "SDF-NH",
                D(2017, 4, 1),
                (
                    "trial",
                    D(2017, 5, 15),
                    SFVL,
                    "Samverkansmodellen prövas under ett år.",
                    {"trial_start": D(2017, 6, 1), "trial_end": D(2018, 5, 31)},
                ),
                (
                    IMPLEMENTED,
                    "",
                    "",
                    "Strategigruppen finns och leds av koordinatorerna för familjecentrerat arbete.",
                ),
            ),
            (
                "Övriga förslag",
                "Föräldraskapsstöd för alla åldrar",
                "IFO-FH",
                D(2017, 4, 1),
                "referred",
                (
                    PARTLY,
                    "",
                    "",
                    "Allmänt föräldraskapsstöd finns bara för föräldrar med barn 2–8 år; ett "
                    "fortsatt utvecklingsområde.",
                ),
            ),
            (
                "Övriga förslag",
                "Strukturerad samverkan mellan mottagningsgruppen, barnavårdscentral, "
                "mödravårdscentral, förskola och skola",
                "IFO-FH",
                D(2017, 4, 1),
                "referred",
                (PARTLY, "", "", "En samverkansrutin är antagen och ska införas under hösten 2018."),
            ),
            (
                "Övriga förslag",
                "Förebyggande socionom eller utökad kurator på de mest utsatta förskolorna och skolorna",
                "UTB",
                D(2017, 4, 1),
                "referred",
                (
                    PARTLY,
                    "",
                    "",
                    "Föräldrarådgivare på tre förskolor som pilot; ansökan om sociala "
                    "investeringsmedel pågår.",
                ),
            ),
            (
                "Övriga förslag",
                "Systematiskt närvaroarbete i årskurs 9",
                "UTB",
                D(2017, 4, 1),
                "referred",
                (
                    WAITING,
                    "",
                    "",
                    "Ansvaret ligger i det stadengemensamma arbetet; stadsdelen inväntar ett "
                    "gemensamt arbetssätt.",
                ),
            ),
            (
                "Övriga förslag",
                "Synliggör mellanstadieåldern och stärk samverkan och insatser",
                "UTB",
                D(2017, 4, 1),
                "referred",
                (
                    PARTLY,
                    "",
                    "",
                    "Samverkan för alla åldrar har stärkts; mellanstadiet prioriteras i den "
                    "planerade ansökan.",
                ),
            ),
            (
                "Övriga förslag",
                "Nätverk och samverkan kring nyanlända familjers behov",
                "IFO-FH",
                D(2017, 4, 1),
                "referred",
                (NOT_PRIORITISED, "", "", ""),
            ),
            (
                "Övriga förslag",
                "Utveckla samverkan enligt Västbus riktlinjer",
                "IFO-FH",
                D(2017, 4, 1),
                "referred",
                (IMPLEMENTED, "", "", "Lokal Västbusgrupp omstartad och fem utbildningar genomförda."),
            ),
            (
                "Övriga förslag",
                "Stärk läsfrämjande aktiviteter",
                "KOF",
                D(2017, 4, 1),
                "referred",
                (IMPLEMENTED, "", "", "Flera kapprumsbibliotek har öppnat i stadsdelen."),
            ),
            (
                "Övriga förslag",
                "Förstärkt samverkan i socialt utsatta områden",
                "SDF-NH",
                D(2017, 4, 1),
                "referred",
                (PARTLY, "", "", "Inte mycket mer än en satsning på en skola."),
            ),
            (
                "Övriga förslag",
                "Utveckla samverkan med den idéburna sektorn",
                "SDF-NH",
                D(2017, 4, 1),
                "referred",
                (PARTLY, "", "", "En workshop med idéburen sektor har hållits; ett nätverk planeras."),
            ),
            (
                "Övriga förslag",
                "Studera vad en inkluderande förskola och skola för alla barn är",
                "UTB",
                D(2017, 4, 1),
                "referred",
                (NOT, "", "", "Fortfarande en svår fråga som diskuteras."),
            ),
            (
                "Övriga förslag",
                "Kommunikationsplan så att föräldrar och medarbetare känner till aktiviteter och stöd",
                "IFO-FH",
                D(2017, 4, 1),
                "referred",
                (
                    IMPLEMENTED,
                    "",
                    "",
                    "Föräldraguide, föräldrastödssida på webben och kommunikationsplan finns.",
                ),
            ),
        ],
        "decide_referred": (
            "referred",
            D(2017, 5, 15),
            SFVL,
            "Den kommunala strategigruppen får i uppdrag att arbeta vidare med förslaget.",
            {"referred_to": "Kommunala strategigruppen"},
        ),
        "assessor": ("Hanna Ström", "Koordinator för familjecentrerat arbete"),
    },
    {
        "key": "demo-trygg",
        "name": "Trygg i Norra Hisingen",
        "purpose": "Koppla ihop trygghetsfrågorna med arbetet för en jämlik stadsdel för att få en större helhet.",  # noqa: E501
        "start": D(2015, 9, 1),
        "end": D(2016, 12, 31),
        "final": "left",
        "left_reason": "Trygghetsarbetet styrs av en central överenskommelse med polisen och var svårt att "
        "koppla till det lokala jämlikhetsarbetet. Arbetet fortsätter utanför programmet enligt beslut i "
        "ledningen.",
        "leaders": [("Karl", "Björk"), ("Malin", "Gran")],
        "sectors": ["KOF", "IFO-FH"],
        "areas": [2],
        "activities": [
            (D(2016, 3, 1), "survey", None, "Enkät till invånarna om vad som känns otryggt."),
            (D(2016, 4, 15), "dialogue", None, "Medborgardialog i möten, samtal och sociala medier."),
            (D(2016, 12, 10), "event", None, "Ett medborgarlöfte lanserades tillsammans med polisen."),
        ],
        "proposals": [
            (
                "Trygghet",
                "Handlingsplan för trygghetsarbetet",
                "SDF-NH",
                D(2016, 9, 1),
                (
                    "prioritised",
                    D(2016, 10, 15),
                    "Förvaltningsledningen och polisledningen",
                    "Handlingsplanen fastställs.",
                    {},
                ),
                None,
            ),
            (
                "Trygghet",
                "Tre lokala trygghetsråd och ett fastighetsägarråd",
                "SDF-NH",
                D(2016, 9, 1),
                (
                    "prioritised",
                    D(2016, 10, 15),
                    "Förvaltningsledningen och polisledningen",
                    "Ingår i handlingsplanen.",
                    {},
                ),
                None,
            ),
        ],
    },
    {
        "key": "demo-integration",
        "name": "Stadsdelsförvaltning och föreningsliv i samverkan för ökad integration",
        "purpose": "Ta vara på, stödja och möjliggöra civilsamhällets engagemang när nyanlända flyktingar flyttade "  # noqa: E501
        "till stadsdelen, också som ett komplement till skolans mottagande av nyanlända.",
        "purpose_change": (
            D(2017, 1, 15),
            "Undersöka hur samverkan mellan föreningsliv och förvaltning kan "
            "stärka integration och sammanhållning.",
            "Omvärlden förändrades och gruppen startade om efter ett vilande år.",
        ),
        "start": D(2015, 9, 1),
        "end": None,
        "final": "active",
        "dormant": (D(2016, 1, 1), "Vilande på grund av sjukdom och föräldraledighet."),
        "reactivate": (D(2017, 1, 15), ("Petra", "Holm"), ("Frida", "Sand")),
        "leaders": [("Petra", "Holm"), ("Ulf", "Berg")],
        "sectors": ["KOF", "UTB"],
        "areas": [2, 3],
        "participants": [
            ("external", "Röda korset"),
            ("external", "En församling i området"),
            ("external", "Street Games"),
            ("external", "Västra Götalands idrottsförbund"),
            ("external", "Social resursförvaltning"),
        ],
        "phases": [
            (
                D(2017, 3, 1),
                "co_production",
                True,
                True,
                False,
                "Välkomstträffar ordnades tillsammans med ideella organisationer.",
            )
        ],
        "activities": [
            (
                D(2015, 10, 20),
                "dialogue",
                None,
                "Dialog om tillfälliga boenden, en fråga som väckte starka känslor.",
            ),
            (
                D(2017, 3, 15),
                "event",
                None,
                "Välkomstträffar för nyanlända på mellanboenden, med språkcafé och insamling av möbler.",
            ),
            (
                D(2018, 7, 1),
                "event",
                None,
                "Sommarens mötesplatser för barn och unga tillsammans med Street Games.",
            ),
        ],
        "proposals": [],
    },
    {
        "key": "demo-omradesarbete",
        "name": "Områdesarbete",
        "purpose": "Pröva och utveckla arbetssätt som stödjer lokalsamhället för sammanhållning, trygghet och "  # noqa: E501
        "livfullhet; hittills med fokus på Brunnsbo.",
        "start": D(2015, 9, 1),
        "end": None,
        "final": "active",
        "leaders": [("Inger", "Alm"), ("Marit", "Wiik")],
        "sectors": ["AO-HSV", "KOF"],
        "areas": [2, 3],
        "participants": [("internal", ("Annika", "Tall"))],
        "phases": [
            (
                D(2016, 6, 10),
                "co_initiate",
                True,
                True,
                True,
                "Grillfest med frågan vad ett levande Brunnsbo är.",
            ),
            (
                D(2017, 5, 1),
                "co_implementation",
                True,
                True,
                True,
                "Mötesplatsen i Brunnsbo drivs tillsammans med invånare och föreningar.",
            ),
        ],
        "activities": [
            (
                D(2016, 6, 10),
                "dialogue",
                None,
                "Grillfest på torget med samtal om vad ett levande Brunnsbo är.",
            ),
            (
                D(2016, 9, 10),
                "dialogue",
                None,
                "Cykeldialog genom Backa till Brunnsbo inför Learning Village.",
            ),
            (D(2016, 10, 5), "training", None, "Deltog i Learning Village och lärde medskapande metoder."),
            (D(2017, 2, 1), "meeting", None, "Mötesplats Backa Brunnsbo startade tillsammans med invånare."),
            (D(2017, 6, 10), "event", 350, "Volontärer på föreningarnas årliga grillfest."),
            (D(2017, 9, 2), "event", 300, "Invigning av en aktivitetspark med fest för alla generationer."),
            (D(2018, 3, 14), "meeting", 17, "Brunnsboträffen: middag och samtal med sjutton lokala aktörer."),
        ],
        "proposals": [
            (
                "Fortsättning",
                "Områdesarbetet går vidare till Tuve med Kulturpunkten som nav",
                "SDF-NH",
                D(2018, 6, 11),
                None,
                None,
            ),
        ],
    },
    {
        "key": "demo-tillganglig-kultur",
        "name": "Tillgänglig kultur och fritid",
        "purpose": "Undersöka hur stadsdelens kultur- och fritidsutbud, också föreningarnas, kan bli tillgängligt "  # noqa: E501
        "och inkluderande för personer med funktionsvariation.",
        "purpose_change": (
            D(2017, 11, 1),
            "Kartlägga och förstå hur personer med funktionsnedsättning använder "
            "och behöver kultur och fritid, hitta hindren för att delta och föreslå åtgärder som "
            "gör deltagandet jämlikt.",
            "Processledarna föreslog ett nytt syfte som ett delresultat.",
        ),
        "start": D(2017, 1, 15),
        "end": D(2018, 6, 30),
        "final": "completed",
        "leaders": [("Cecilia", "Ros"), ("Rasmus", "Nord")],
        "sectors": ["IFO-FH", "KOF"],
        "areas": [2, 3],
        "phases": [
            (D(2017, 3, 1), "co_initiate", True, False, True, "Samtal med deltagarna på en mötesplats."),
            (D(2018, 2, 1), "co_design", True, False, True, "Workshop med chefer, medarbetare och boende."),
        ],
        "activities": [
            (
                D(2017, 3, 1),
                "dialogue",
                None,
                "Besök på en mötesplats för personer med funktionsnedsättning: "
                "vad gör ni på fritiden och vad skulle ni vilja göra?",
            ),
            (
                D(2018, 2, 1),
                "workshop",
                None,
                "Workshop där chefer, medarbetare och boende deltog tillsammans.",
            ),
        ],
        "proposals": [
            (
                "Åtgärder",
                "Fortsätt arbeta medskapande och utveckla metoder för att förstå målgruppens behov",
                "SDF-NH",
                D(2018, 4, 15),
                None,
                None,
            ),
            (
                "Åtgärder",
                "Förtydliga sektorernas uppdrag för målgruppen och säkra samverkan internt",
                "SDF-NH",
                D(2018, 4, 15),
                None,
                None,
            ),
            (
                "Åtgärder",
                "Utveckla anvisningarna för selektivt föreningsbidrag",
                "KOF",
                D(2018, 4, 15),
                None,
                None,
            ),
            (
                "Åtgärder",
                "Fördjupa arbetet med föreningar och pröva idéburet offentligt partnerskap",
                "KOF",
                D(2018, 4, 15),
                None,
                None,
            ),
            (
                "Åtgärder",
                "Ta fram kriterier och bedöm om förvaltningens eget utbud är tillgängligt",
                "SDF-NH",
                D(2018, 4, 15),
                None,
                None,
            ),
        ],
    },
    {
        "key": "demo-familjecentrerat",
        "name": "Familjecentrerat arbetssätt",
        "purpose": "Koordinatorerna för familjecentrerat arbete är nya tjänster; genom att knyta dem till "
        "processledningsteamet får de stöd att arbeta processinriktat, innovativt och över gränser.",
        "start": D(2017, 1, 1),
        "end": None,
        "final": "active",
        "leaders": "demo-users",
        "sectors": ["IFO-FH", "UTB", "KOF"],
        "areas": [0, 3],
        "phases": [
            (
                D(2017, 9, 1),
                "co_implementation",
                True,
                True,
                False,
                "Samverkansrutiner och föräldraguide tillsammans med skola, förskola och idéburen sektor.",
            )
        ],
        "activities": [
            (
                D(2017, 9, 15),
                "meeting",
                None,
                "Möte i den kommunala strategigruppen om samverkan på strategisk nivå.",
            ),
            (
                D(2018, 2, 20),
                "training",
                110,
                "Fem utbildningar i Västbus för personal från flera verksamheter.",
            ),
            (D(2018, 4, 10), "workshop", None, "Workshop med idéburen sektor om föräldrastöd."),
        ],
        "proposals": [
            (
                "Stöd från ledningen",
                "Ledningen ser till att nya chefer introduceras i samverkan och i den "
                "kommunala strategigruppen",
                "SDF-NH",
                D(2018, 6, 11),
                None,
                None,
            ),
            (
                "Stöd från ledningen",
                "Gör tvärsektoriell samverkan till ordinarie arbetssätt",
                "SDF-NH",
                D(2018, 6, 11),
                None,
                None,
            ),
            (
                "Stöd från ledningen",
                "En process för tillit och delaktighet mellan barn, familjer och "
                "socialtjänsten vid orosanmälningar",
                "IFO-FH",
                D(2018, 6, 11),
                None,
                None,
            ),
        ],
    },
]


def _person(first: str, last: str) -> Person:
    return Person.objects.get(first_name=first, last_name=last)


def _load_people() -> None:
    for first, last, title, unit_code in PEOPLE:
        if Person.objects.filter(first_name=first, last_name=last).exists():
            continue
        person = do_create_person(acting_user=None, first_name=first, last_name=last, title=title)
        do_add_membership(
            acting_user=None,
            person=person,
            unit=OrganisationUnit.objects.get(code=unit_code),
            role="staff",
            start=D(2015, 1, 1),
        )


def load_processes_demo(programme: Programme) -> int:
    """Create the processes that are missing; returns how many were created."""
    _load_people()
    areas = list(programme.target_areas.order_by("position", "pk"))
    created = 0
    for spec in PROCESSES:
        if ChangeProcess.objects.filter(external_id=spec["key"]).exists():
            continue
        if ChangeProcess.objects.filter(name=spec["name"]).exists():
            continue
        _load_process(spec, areas)
        created += 1
    return created


def _leaders(spec: dict[str, Any]) -> list[Person]:
    if spec["leaders"] == "demo-users":
        return [Person.objects.get(user__username="omar"), Person.objects.get(user__username="sara")]
    return [_person(*name) for name in spec["leaders"]]


def _load_process(spec: dict[str, Any], areas: list[Any]) -> None:
    start = spec["start"]
    process = pa.do_create_process(
        acting_user=None,
        name=spec["name"],
        purpose=spec["purpose"],
        owner_unit=OrganisationUnit.objects.get(code="SDF-NH"),
        start=start,
        on=start,
        external_id=spec["key"],
        target_areas=[areas[i] for i in spec["areas"]],
        sectors=OrganisationUnit.objects.filter(code__in=spec["sectors"]),
        **CRITERIA,
    )
    pa.do_approve_process_start(
        process, acting_user=None, on=start, comment="Valt mot de tre urvalskriterierna."
    )
    for person in _leaders(spec):
        pa.do_add_process_leader(process, acting_user=None, person=person, start=start)
    pa.do_change_process_status(process, acting_user=None, status="active", on=start)
    for kind, value in spec.get("participants", []):
        if kind == "internal":
            pa.do_add_participant(process, acting_user=None, kind=kind, person=_person(*value))
        else:
            pa.do_add_participant(process, acting_user=None, kind=kind, organisation=value)
    if "dormant" in spec:
        on, reason = spec["dormant"]
        pa.do_change_process_status(process, acting_user=None, status="dormant", on=on, reason=reason)
    if "reactivate" in spec:
        on, leaving, joining = spec["reactivate"]
        pa.do_change_process_leaders(
            process,
            acting_user=None,
            on=on,
            remove=process.current_leaderships(on).get(person=_person(*leaving)),
            add=_person(*joining),
        )
        pa.do_change_process_status(
            process, acting_user=None, status="active", on=on, reason="Ny processledning."
        )
    if "purpose_change" in spec:
        on, purpose, reason = spec["purpose_change"]
        pa.do_change_purpose(process, acting_user=None, purpose=purpose, on=on, reason=reason)
    for on, phase, staff, civil, citizens, note in spec.get("phases", []):
        pa.do_change_phase(
            process,
            acting_user=None,
            phase=phase,
            on=on,
            with_staff=staff,
            with_civil_society=civil,
            with_citizens=citizens,
            note=note,
        )
    for on, kind, count, description in spec.get("activities", []):
        pa.do_add_activity(
            process, acting_user=None, date=on, kind=kind, participant_count=count, description=description
        )
    for proposal_spec in spec["proposals"]:
        _load_proposal(process, spec, proposal_spec, areas)
    _finish(process, spec)


def _load_proposal(
    process: ChangeProcess, spec: dict[str, Any], proposal_spec: tuple[Any, ...], areas: list[Any]
) -> None:
    heading, title, unit_code, submitted, decision, assessment = proposal_spec
    proposal = do_create_proposal(
        process,
        acting_user=None,
        title=title,
        heading=heading,
        submitted_on=submitted,
        directed_to=OrganisationUnit.objects.get(code=unit_code),
        target_areas=[areas[i] for i in spec["areas"]],
    )
    if decision == "all":
        decision = spec["decide_all"]
    elif decision == "referred":
        decision = spec["decide_referred"]
    if decision is not None:
        kind, on, body, motivation, extra = decision
        do_decide_proposal(
            proposal, acting_user=None, kind=kind, decided_on=on, body=body, motivation=motivation, **extra
        )
    if assessment is not None:
        state, name, role, comment = assessment
        if not name:
            name, role = spec["assessor"]
        do_record_assessment(
            proposal,
            acting_user=None,
            state=state,
            assessed_on=AUG_2018,
            assessor_name=name,
            assessor_role=role,
            comment=comment,
        )


def _finish(process: ChangeProcess, spec: dict[str, Any]) -> None:
    """Close a finished process and end its leaders' spells on the last day."""
    final, end = spec["final"], spec["end"]
    if final == "active":
        return
    pa.do_change_process_status(
        process, acting_user=None, status=final, on=end, reason=spec.get("left_reason", "")
    )
    process.refresh_from_db()
    for leadership in process.current_leaderships(end):
        pa.do_change_process_leaders(
            process, acting_user=None, on=end + datetime.timedelta(days=1), remove=leadership
        )
