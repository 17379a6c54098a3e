"""Follow-up in the browser: a participant answers on a phone, the compiler groups answers under themes,
and the House and the annual wheel can be walked through by keyboard. Every page passes axe-core."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from jamlik.core.models import OrganisationUnit, Person, User
from jamlik.demo.loader import DEMO_PASSWORD, load_demo
from jamlik.followup import actions
from jamlik.followup.models import Answer, FollowUpRound, Theme, WheelStop
from jamlik.goals.models import ManagementModel
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = [
    "Stödet från ledningen har varit starkt",
    "Ledningen har gett tydligt stöd",
    "Kollegial coaching har gett lärande",
    "Coaching i grupp har gett gemensamt lärande",
    "Lokalerna var för små",
]


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="sv-SE"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def open_round_for(person: Person) -> FollowUpRound:
    round_ = actions.do_create_round(
        acting_user=None,
        owner_unit=OrganisationUnit.objects.get(code="SDF-NH"),
        title="Vårens uppföljning",
        questions=["Vad har varit bra?", "Vad har varit utmanande?"],
    )
    actions.do_add_round_group(
        round_, acting_user=None, name="Biblioteken", date=datetime.date.today(), members=[person]
    )
    return round_


def test_a_participant_answers_a_round_anonymously_on_a_phone(phone: Any, demo: None) -> None:
    jonas = Person.objects.get(user__username="jonas")
    round_ = open_round_for(jonas)
    login(phone, "jonas", DEMO_PASSWORD)
    phone.goto("/uppfoljning/")
    assert_accessible(phone)
    phone.locator(f"a[href='/uppfoljning/rundor/{round_.pk}/svara/']").click()
    phone.wait_for_load_state()
    assert_accessible(phone)
    first, second = round_.questions.all()
    phone.locator(f"#id_q{first.pk}").fill("Bra stöd från chefen\nMer tid för reflektion")
    phone.locator(f"#id_q{second.pk}").fill("Svårt att hinna")
    phone.locator("#id_anonymous").check()
    # The form fits the phone: no sideways scrolling, and the send button is full width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    button = phone.locator("form.form button[type=submit]")
    assert button.bounding_box()["width"] > 300
    button.click()
    phone.wait_for_load_state()
    assert_accessible(phone)
    assert phone.url.endswith("/uppfoljning/")
    answers = Answer.objects.filter(question__round=round_)
    assert answers.count() == 3
    assert all(a.is_anonymous and a.author_id is None for a in answers)


def test_the_compiler_accepts_one_suggestion_and_changes_another(page: Any, demo: None) -> None:
    round_ = open_round_for(Person.objects.get(user__username="jonas"))
    question = round_.questions.first()
    actions.do_record_answers(
        round_, acting_user=None, group=round_.groups.get(), answers={question: "\n".join(ANSWERS)}
    )
    login(page, "agnes", DEMO_PASSWORD)
    page.goto(round_.get_absolute_url())
    assert_accessible(page)
    page.locator(f"a[href='/uppfoljning/rundor/{round_.pk}/sammanstall/']").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    suggestions = page.locator("form.suggestion")
    assert suggestions.count() == 2

    # Accept the coaching suggestion as it is.
    coaching = suggestions.filter(has_text="Kollegial coaching")
    coaching.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    accepted = Theme.objects.get(question=question)
    assert {a.text for a in accepted.answers.all()} == set(ANSWERS[2:4])

    # Change the other: a new name, and one answer unticked.
    other = page.locator("form.suggestion").first
    other.locator("input[name=name]").fill("Ledningens stöd")
    other.get_by_label("Ledningen har gett tydligt stöd").uncheck()
    other.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    changed = Theme.objects.get(question=question, name="Ledningens stöd")
    assert [a.text for a in changed.answers.all()] == [ANSWERS[0]]

    # Move the unticked answer under the new theme by hand.
    answer = Answer.objects.get(text=ANSWERS[1])
    page.locator(f"#move-{answer.pk}").select_option(str(changed.pk))
    page.locator(f"#move-{answer.pk}").locator("xpath=..").locator("button").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert Answer.objects.get(pk=answer.pk).theme == changed


def tab_until(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused_stroke_width(page: Any, shape: str) -> float:
    return float(
        page.evaluate(
            f"parseFloat(getComputedStyle(document.activeElement.querySelector({shape!r})).strokeWidth)"
        )
    )


def test_the_house_and_the_annual_wheel_can_be_walked_through_by_keyboard(page: Any, demo: None) -> None:
    house = ManagementModel.objects.get(unit__code="IFO-FH")
    login(page, "leila", DEMO_PASSWORD)
    page.goto(house.get_absolute_url())
    assert_accessible(page)
    parts = page.locator(".house-figure a")
    expected = [parts.nth(i).get_attribute("data-part") for i in range(parts.count())]
    assert len(expected) == 6 + 4  # six rooms, roof, beam, foundation, garage
    tab_until(page, ".house-figure a")
    reached = []
    for index in range(len(expected)):
        if index:
            page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('data-part')"))
        assert focused_stroke_width(page, ".part-shape") >= 6  # a clearly visible focus ring
    assert reached == expected
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the garage is the last part
    assert page.url.endswith(f"/hus/{house.pk}/garage/")
    assert_accessible(page)

    page.goto("/uppfoljning/arshjul/")
    assert_accessible(page)
    stops = page.locator(".wheel-figure a")
    assert stops.count() == WheelStop.objects.count() == page.locator("table tbody tr").count()
    tab_until(page, ".wheel-figure a")
    labels = []
    for index in range(stops.count()):
        if index:
            page.keyboard.press("Tab")
        labels.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        assert focused_stroke_width(page, "circle") >= 4
    assert labels == [stops.nth(i).get_attribute("aria-label") for i in range(stops.count())]
    assert len(set(labels)) == len(labels)

    page.goto("/")
    assert_accessible(page)
    assert page.locator("#next-30-days-heading").count() == 1
    assert User.objects.filter(username="leila").exists()


def test_every_follow_up_and_house_page_is_accessible(page: Any, demo: None) -> None:
    from django.urls import reverse

    from jamlik.followup.models import Action, ActionPlan, Forum, ForumMeeting, Idea, LearningLog
    from jamlik.goals.models import ParkedIssue

    house = ManagementModel.objects.get(unit__code="IFO-FH")
    main = FollowUpRound.objects.order_by("pk").first()
    plan = ActionPlan.objects.get()
    issue = ParkedIssue.objects.parked().first()
    theme = Theme.objects.first()
    paths = [
        reverse("followup:round_create"),
        main.get_absolute_url(),
        reverse("followup:record_answers", args=[main.pk]),
        reverse("followup:compile", args=[main.pk]),
        reverse("followup:round_edit", args=[main.pk]),
        reverse("followup:group_create", args=[main.pk]),
        reverse("followup:theme_merge", args=[theme.pk]),
        reverse("followup:log_list"),
        LearningLog.objects.first().get_absolute_url(),
        reverse("followup:log_create"),
        reverse("followup:idea_list"),
        reverse("followup:plan_list"),
        plan.get_absolute_url(),
        reverse("followup:action_status", args=[Action.objects.first().pk]),
        reverse("followup:wheel") + "?unit=IFO-FH",
        reverse("followup:wheel_stop_create"),
        reverse("followup:wheel_stop_edit", args=[WheelStop.objects.first().pk]),
        reverse("followup:forum_list"),
        *[f.get_absolute_url() for f in Forum.objects.all()],
        ForumMeeting.objects.filter(agenda_items__isnull=False).first().get_absolute_url(),
        reverse("followup:submission_create", args=[Forum.objects.get(is_project_workshop=True).pk]),
        reverse("goals:house_list"),
        reverse("goals:house_edit", args=[house.pk]),
        house.rooms.first().get_absolute_url(),
        reverse("goals:room_edit", args=[house.rooms.first().pk]),
        reverse("goals:garage", args=[house.pk]),
        issue.get_absolute_url(),
        reverse("goals:parked_issue_create", args=[house.pk]),
        reverse("goals:parked_issue_pick_up", args=[issue.pk]),
        reverse("followup:issue_to_plan", args=[issue.pk]),
    ]
    login(page, "agnes", DEMO_PASSWORD)
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    page.context.clear_cookies()
    login(page, "karin", DEMO_PASSWORD)  # management ranks the ideas
    page.goto(reverse("followup:idea_decide", args=[Idea.objects.first().pk]))
    assert_accessible(page)
