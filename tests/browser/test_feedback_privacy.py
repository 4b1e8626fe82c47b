"""The widget's rating buttons, « Effacer ma conversation » and privacy notice, in Chromium against
the real assistant (and its SQLite tracker store)."""

from __future__ import annotations

import json
import sqlite3

from playwright.sync_api import expect

from bot.actions.feedback import COMMENT_THANKS
from bot.runtime.web import DEFAULT_PRIVACY_NOTICE
from tests.browser.test_widget import (
    QUESTION,
    ask,
    bot_messages,
    embedding_page,
    message_box,
    open_widget,
    quick_replies,
    stored,
    user_messages,
    wait_for_greeting,
)

ERASED = "Votre conversation a été effacée, dans ce navigateur et sur le serveur."


def rating(page):
    return page.get_by_role("group", name="Votre avis sur cette réponse")


def server_events(site, sender: str) -> list[tuple[str, dict]]:
    with sqlite3.connect(site["tracker_db"]) as db:
        found = db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [(type_name, json.loads(data)) for type_name, data in found]


def test_rating_buttons_under_the_answer_sent_silently(page, site, screenshots):
    open_widget(page, site["url"])
    wait_for_greeting(page)
    expect(rating(page)).to_have_count(0)  # the greeting is not an answer to rate
    ask(page, QUESTION)
    answer = bot_messages(page).last
    expect(answer).to_contain_text("temps plein")

    # two small buttons right under the answer, named in French, not among the quick replies
    group = rating(page)
    expect(group).to_have_count(1)
    useful, not_useful = (
        group.get_by_role("button", name="Utile", exact=True),
        group.get_by_role("button", name="Pas utile"),
    )
    for button, rated in ((useful, "utile"), (not_useful, "pas_utile")):  # 👍 / 👎 icons, no text
        expect(button.locator("svg")).to_have_count(1)
        expect(button).to_have_attribute("data-rating", rated)
        expect(button).to_have_text("")
    assert answer.evaluate("e => e.nextElementSibling.getAttribute('aria-label')") == "Votre avis sur cette réponse"
    expect(quick_replies(page).filter(has_text="Utile")).to_have_count(0)
    follow_ups = quick_replies(page).count()
    assert 1 <= follow_ups <= 4
    height = not_useful.bounding_box()["height"]
    assert height < quick_replies(page).first.bounding_box()["height"]  # discreet

    users, bots = user_messages(page).count(), bot_messages(page).count()
    not_useful.click()
    expect(bot_messages(page)).to_have_count(bots + 1)
    expect(bot_messages(page).last).to_contain_text("Qu'attendiez-vous ?")
    expect(user_messages(page)).to_have_count(users)  # no bubble for a rating
    expect(not_useful).to_be_disabled()
    expect(useful).to_be_disabled()
    expect(not_useful).to_have_attribute("aria-pressed", "true")
    expect(quick_replies(page)).to_have_count(follow_ups)  # the answer's follow-ups are still offered
    page.screenshot(path=str(screenshots / "widget-feedback.png"))

    ask(page, "j'attendais des exemples concrets")
    expect(bot_messages(page).last).to_have_text(f"Assistant : {COMMENT_THANKS}")

    sender = stored(page)["sender"]
    events = server_events(site, sender)
    ratings = [d for t, d in events if t == "user" and d["parse_data"]["intent"]["name"] == "feedback"]
    assert [(e["entity"], e["value"]) for e in ratings[0]["parse_data"]["entities"]] == [("feedback", "pas_utile")]
    assert [d["value"] for t, d in events if t == "slot" and d["name"] == "feedback_comment"] == [
        "j'attendais des exemples concrets"
    ]

    # after a reload the rating is still shown as given, and cannot be given twice
    page.reload()
    expect(rating(page)).to_have_count(1)
    expect(rating(page).get_by_role("button", name="Pas utile")).to_be_disabled()
    expect(rating(page).get_by_role("button", name="Pas utile")).to_have_attribute("aria-pressed", "true")


def test_only_the_last_answer_can_be_rated(page, site):
    open_widget(page, site["url"])
    wait_for_greeting(page)
    ask(page, QUESTION)
    expect(rating(page)).to_have_count(1)
    ask(page, "c'est quoi une SCIC ?")
    expect(rating(page)).to_have_count(1)  # under the new answer only
    assert bot_messages(page).last.evaluate(
        "e => !!e.nextElementSibling && e.nextElementSibling.matches('[role=group]')"
    )
    rating(page).get_by_role("button", name="Utile", exact=True).click()
    expect(bot_messages(page).last).to_contain_text("Merci pour votre retour")
    ask(page, "que sais-tu faire ?")
    expect(rating(page)).to_have_count(1)  # the rated one stays, disabled
    expect(rating(page).get_by_role("button", name="Utile", exact=True)).to_be_disabled()


def test_erase_my_conversation(page, site):
    open_widget(page, site["url"])
    wait_for_greeting(page)
    ask(page, QUESTION)
    sender = stored(page)["sender"]
    assert server_events(site, sender)

    erase = page.get_by_role("button", name="Effacer ma conversation")
    expect(erase).to_be_visible()
    erase.click()  # a confirmation first; « Annuler » keeps everything
    confirm = page.get_by_role("group", name="Confirmer l'effacement")
    expect(confirm).to_contain_text("dans ce navigateur et sur le serveur")
    expect(confirm.get_by_role("button", name="Annuler")).to_be_focused()
    confirm.get_by_role("button", name="Annuler").click()
    expect(confirm).to_be_hidden()
    expect(bot_messages(page).filter(has_text="temps plein")).to_have_count(1)
    assert stored(page)["sender"] == sender

    erase.click()
    confirm.get_by_role("button", name="Effacer", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=ERASED)).to_be_visible()
    expect(bot_messages(page)).to_have_count(0)
    expect(user_messages(page)).to_have_count(0)
    assert stored(page)["sender"] != sender and stored(page)["messages"] == []
    assert server_events(site, sender) == []  # gone from the server's store

    page.reload()
    expect(bot_messages(page).filter(has_text="temps plein")).to_have_count(0)
    expect(user_messages(page)).to_have_count(0)
    wait_for_greeting(page)  # a new conversation, with a new sender id
    assert stored(page)["sender"] != sender
    assert server_events(site, sender) == []


def test_erase_that_fails_keeps_the_conversation(page, site):
    open_widget(page, site["url"])
    wait_for_greeting(page)
    ask(page, QUESTION)
    before = stored(page)
    page.route(f"{site['rasa']}/webhooks/rest/erase", lambda route: route.abort())
    page.get_by_role("button", name="Effacer ma conversation").click()
    page.get_by_role("button", name="Effacer", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("L'effacement n'a pas abouti")
    assert stored(page)["sender"] == before["sender"]
    expect(bot_messages(page).filter(has_text="temps plein")).to_have_count(1)
    assert server_events(site, before["sender"])


def test_privacy_notice_from_data_attributes(page, site, console):
    attributes = (
        f'data-server-url="{site["rasa"]}" '
        'data-privacy-text="Vos échanges sont gardés 30 jours par l\'Association des Quais." '
        'data-privacy-url="https://asso.example/vie-privee"'
    )
    page.goto(embedding_page(site, "privacy.html", attributes))
    page.get_by_role("button", name="Assistant coopération").click()
    notice = page.locator(".ess-chat__privacy")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Vos échanges sont gardés 30 jours par l'Association des Quais.")
    link = notice.get_by_role("link", name="En savoir plus")
    expect(link).to_have_attribute("href", "https://asso.example/vie-privee")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    # under the input
    assert notice.bounding_box()["y"] > message_box(page).bounding_box()["y"]
    assert console.errors == []


def test_default_notice_on_the_demo_page_and_unsafe_links(page, site):
    open_widget(page, site["url"])
    notice = page.locator(".ess-chat__privacy")
    expect(notice).to_have_text(DEFAULT_PRIVACY_NOTICE.replace("{days}", "180"))
    expect(notice.get_by_role("link")).to_have_count(0)  # no PRIVACY_URL on the demo page

    url = embedding_page(
        site, "privacy-unsafe.html", f'data-server-url="{site["rasa"]}" data-privacy-url="javascript:alert(1)"'
    )
    page.goto(url)
    page.get_by_role("button", name="Assistant coopération").click()
    expect(page.locator(".ess-chat__privacy")).to_be_visible()
    expect(page.locator(".ess-chat__privacy a")).to_have_count(0)
