"""The chat widget in a real browser, talking to the real assistant over the REST channel."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from bot.channels.payload import UNAVAILABLE_REPLY

TITLE = "Assistant coopération"
QUESTION = "c'est quoi un groupement d'employeurs ?"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "<script>window.__xss=2</script>"
UNAVAILABLE = UNAVAILABLE_REPLY  # the widget shows the server's text (web/widget.js ERROR_TEXT)


# ------------------------------------------------------------------ helpers


def launcher(page):
    return page.get_by_role("button", name=TITLE)


def panel(page, title: str = TITLE):
    return page.get_by_role("dialog", name=title)


def message_box(page):
    return page.get_by_label("Votre message à l'assistant")


def bot_messages(page):
    return page.locator(".ess-chat__msg--bot")


def user_messages(page):
    return page.locator(".ess-chat__msg--user")


def quick_replies(page):
    return page.get_by_role("group", name="Réponses proposées").get_by_role("button")


def open_widget(page, url: str) -> None:
    page.goto(url)
    launcher(page).click()
    expect(panel(page)).to_be_visible()


def wait_for_greeting(page) -> None:
    expect(bot_messages(page).first).to_contain_text("Bonjour")
    expect(quick_replies(page).first).to_be_visible()


def ask(page, text: str) -> None:
    """Type a message, send it with Enter and wait until the bot has answered."""
    before = bot_messages(page).count()
    message_box(page).fill(text)
    message_box(page).press("Enter")
    expect(bot_messages(page)).not_to_have_count(before)
    expect(page.locator(".ess-chat__typing")).to_be_hidden()


def stored(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('ess-chat:v1')") or "{}")


def embedding_page(site, name: str, attributes: str, csp: bool = True) -> str:
    """Write a page of the embedding site (another origin) that loads the widget with `attributes`;
    return its URL."""
    policy = (
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self' "
        f"{site['origin']}; style-src 'self' {site['origin']}; img-src 'self' data:; "
        "connect-src 'self' http://localhost:* http://127.0.0.1:*\">"
        if csp
        else ""
    )
    html = (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">{policy}<link rel="icon" href="data:,">'
        f"<title>Intégration</title></head><body><h1>Site d'une association</h1>"
        f'<script src="{site["origin"]}/widget.js" {attributes} defer></script></body></html>'
    )
    (site["embed_dir"] / name).write_text(html, encoding="utf-8")
    return f"{site['embed']}/{name}"


# ------------------------------------------------------------------ the real conversation


def test_open_greets_with_the_menu(page, site):
    page.goto(site["url"])
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")
    expect(launcher(page)).to_have_attribute("aria-controls", "ess-chat-panel")
    expect(panel(page)).to_be_hidden()

    launcher(page).click()
    expect(panel(page)).to_be_visible()
    expect(launcher(page)).to_have_attribute("aria-expanded", "true")
    expect(message_box(page)).to_be_focused()
    expect(message_box(page)).to_have_attribute("maxlength", "1000")
    expect(page.get_by_role("log")).to_be_attached()
    wait_for_greeting(page)
    expect(quick_replies(page).filter(has_text="Partager un salarié")).to_be_visible()
    expect(user_messages(page)).to_have_count(0)  # /greet is sent silently

    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")
    expect(launcher(page)).to_be_focused()


def test_question_quick_reply_and_history_after_reload(page, site, screenshots):
    open_widget(page, site["url"])
    wait_for_greeting(page)

    ask(page, QUESTION)
    expect(user_messages(page).last).to_contain_text(QUESTION)
    expect(bot_messages(page).last).to_contain_text("temps plein")
    expect(quick_replies(page).first).to_be_visible()
    page.screenshot(path=str(screenshots / "widget-desktop.png"))

    reply = quick_replies(page).filter(has_text="Avantages")
    if reply.count() == 0:
        reply = quick_replies(page)
    reply = reply.first
    title = reply.inner_text()
    bots_before = bot_messages(page).count()
    reply.click()
    expect(user_messages(page).last).to_contain_text(title)  # the title, not the payload
    expect(user_messages(page).last).not_to_contain_text("/ask_")
    expect(bot_messages(page)).not_to_have_count(bots_before)

    before = stored(page)
    assert before["sender"]
    bots, users = bot_messages(page).count(), user_messages(page).count()
    page.reload()
    expect(panel(page)).to_be_visible()  # the open state is remembered too
    expect(bot_messages(page)).to_have_count(bots)
    expect(user_messages(page)).to_have_count(users)
    expect(bot_messages(page).filter(has_text="temps plein")).to_have_count(1)
    assert stored(page)["sender"] == before["sender"]
    assert len(stored(page)["messages"]) == bots + users


def test_new_conversation_clears_history_and_greets_again(page, site):
    open_widget(page, site["url"])
    wait_for_greeting(page)
    ask(page, QUESTION)
    sender = stored(page)["sender"]

    page.get_by_role("button", name="Nouvelle conversation").click()
    expect(user_messages(page)).to_have_count(0)
    wait_for_greeting(page)
    expect(bot_messages(page).filter(has_text="temps plein")).to_have_count(0)
    expect(bot_messages(page).filter(has_text="Bonjour")).to_have_count(1)
    assert all(m["from"] == "bot" for m in stored(page)["messages"])
    assert stored(page)["sender"] == sender


def test_keyboard_only(page, site):
    page.goto(site["url"])
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.classList.contains('ess-chat__launcher')"):
            break
    expect(launcher(page)).to_be_focused()

    page.keyboard.press("Enter")
    expect(panel(page)).to_be_visible()
    expect(message_box(page)).to_be_focused()
    wait_for_greeting(page)

    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(bot_messages(page).last).to_contain_text("temps plein")
    expect(message_box(page)).to_have_value("")
    expect(message_box(page)).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Envoyer le message")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back through the log to the quick replies
    focused = page.evaluate("document.activeElement.className")
    assert "ess-chat" in focused
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_be_focused()


def test_html_is_shown_literally_and_never_run(page, site):
    open_widget(page, site["url"])
    wait_for_greeting(page)
    for payload in (XSS_IMG, XSS_SCRIPT):
        ask(page, payload)
        expect(user_messages(page).last.locator(".ess-chat__para")).to_have_text(payload)

    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#ess-chat img, #ess-chat script").count() == 0
    assert page.locator("#ess-chat iframe, #ess-chat object, #ess-chat embed").count() == 0


def test_html_in_user_and_bot_text_without_csp(page, site):
    """The same on a page with no Content-Security-Policy: only the widget's own DOM building protects."""
    fake_rasa = f"{site['embed']}/fake-rasa"
    url = embedding_page(site, "no-csp.html", f'data-server-url="{fake_rasa}"', csp=False)
    bot_html = '<img src=x onerror="window.__xss=3"> <b>gras</b>'

    def fake(route):
        body = json.loads(route.request.post_data or "{}")
        text = bot_html if body.get("message") == "/greet" else "Reçu : " + body.get("message", "")
        reply = [
            {
                "recipient_id": body.get("sender"),
                "text": text,
                "buttons": [{"title": '<img src=y onerror="window.__xss=4">', "payload": "/greet"}],
            }
        ]
        route.fulfill(status=200, content_type="application/json", body=json.dumps(reply))

    page.route(f"{fake_rasa}/webhooks/rest/webhook", fake)
    open_widget(page, url)
    expect(bot_messages(page).first).to_contain_text(bot_html)
    ask(page, XSS_IMG)
    ask(page, XSS_SCRIPT)
    expect(user_messages(page).nth(0).locator(".ess-chat__para")).to_have_text(XSS_IMG)
    expect(user_messages(page).nth(1).locator(".ess-chat__para")).to_have_text(XSS_SCRIPT)
    expect(quick_replies(page).first).to_have_text('<img src=y onerror="window.__xss=4">')
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#ess-chat img, #ess-chat script, #ess-chat b").count() == 0


def test_links_and_bullets(page, site):
    fake_rasa = f"{site['embed']}/fake-rasa"
    url = embedding_page(site, "links.html", f'data-server-url="{fake_rasa}"')
    text = (
        "Trois formes :\n• Faire ensemble\n• Faire avec (https://example.org/guide).\n• Faire corps\n"
        "Source : https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006901234, "
        "pas javascript:alert(1) ni data:text/html,x"
    )
    page.route(
        f"{fake_rasa}/webhooks/rest/webhook",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps([{"recipient_id": "x", "text": text}])
        ),
    )
    open_widget(page, url)
    message = bot_messages(page).first
    expect(message.locator("ul > li")).to_have_count(3)
    expect(message.locator("li").nth(0)).to_have_text("Faire ensemble")
    links = message.locator("a")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_attribute("href", "https://example.org/guide")
    expect(links.nth(1)).to_have_attribute(
        "href", "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006901234"
    )
    for i in range(2):
        expect(links.nth(i)).to_have_attribute("target", "_blank")
        expect(links.nth(i)).to_have_attribute("rel", "noopener noreferrer")
    expect(message).to_contain_text("javascript:alert(1)")
    expect(message).to_contain_text("(https://example.org/guide).")


def test_network_error_keeps_the_message(page, site):
    open_widget(page, site["url"])
    wait_for_greeting(page)
    webhook = f"{site['rasa']}/webhooks/rest/webhook"
    page.route(webhook, lambda route: route.abort())
    message_box(page).fill(QUESTION)
    message_box(page).press("Enter")
    expect(page.get_by_role("alert")).to_have_text(UNAVAILABLE)
    expect(message_box(page)).to_have_value(QUESTION)
    expect(user_messages(page)).to_have_count(0)

    page.unroute(webhook)
    message_box(page).press("Enter")
    expect(bot_messages(page).last).to_contain_text("temps plein")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_embed_options(page, site, console):
    """Another site (its origin in CORS_ORIGINS): explicit server URL, title and colour, strict CSP."""
    attributes = f'data-server-url="{site["rasa"]}/" data-title="Aide aux associations" data-primary-color="#2e7d32"'
    url = embedding_page(site, "embed.html", attributes)
    page.goto(url)
    page.get_by_role("button", name="Aide aux associations").click()
    expect(panel(page, "Aide aux associations")).to_be_visible()
    wait_for_greeting(page)
    color = page.locator(".ess-chat__launcher").evaluate("e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(46, 125, 50)"
    assert console.errors == []


def test_phone_layout(browser, site, screenshots):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="fr-FR"
    )
    try:
        page = context.new_page()
        page.goto(site["url"])
        box = launcher(page).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        launcher(page).click()
        expect(panel(page)).to_be_visible()
        wait_for_greeting(page)
        ask(page, QUESTION)
        expect(bot_messages(page).last).to_contain_text("temps plein")

        panel_box = panel(page).bounding_box()
        assert panel_box["x"] >= 0
        assert panel_box["width"] <= 360
        assert panel_box["y"] >= 0 and panel_box["y"] + panel_box["height"] <= 740
        expect(message_box(page)).to_be_visible()
        expect(message_box(page)).to_be_in_viewport()
        input_box = message_box(page).bounding_box()
        assert input_box["y"] + input_box["height"] <= 740
        for element in (
            page.get_by_role("button", name="Envoyer le message"),
            page.get_by_role("button", name="Nouvelle conversation"),
            page.get_by_role("button", name="Fermer la fenêtre de discussion"),
            page.get_by_role("button", name="Effacer ma conversation"),
        ):
            b = element.bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= 360
        overflow = page.locator(".ess-chat__log").evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 0
        page.screenshot(path=str(screenshots / "widget-phone.png"))

        # full screen hides the page: Tab goes round inside the panel (its last control is
        # « Effacer ma conversation », under the input)
        page.get_by_role("button", name="Effacer ma conversation").focus()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Nouvelle conversation")).to_be_focused()
        page.keyboard.press("Shift+Tab")
        expect(page.get_by_role("button", name="Effacer ma conversation")).to_be_focused()

        page.get_by_role("button", name="Fermer la fenêtre de discussion").click()
        expect(panel(page)).to_be_hidden()
        expect(launcher(page)).to_be_focused()
    finally:
        context.close()


def test_no_console_errors(page, site, console):
    page.goto(site["url"])
    launcher(page).click()
    wait_for_greeting(page)
    ask(page, QUESTION)
    quick_replies(page).first.click()
    expect(page.locator(".ess-chat__typing")).to_be_hidden()
    page.reload()
    expect(panel(page)).to_be_visible()
    page.wait_for_timeout(500)
    assert console.errors == [], console.errors


def test_origin_not_allowed_by_cors_gets_the_french_message(page, site):
    """A site whose origin is not in CORS_ORIGINS cannot talk to the assistant: a clear message."""
    url = embedding_page(site, "other.html", f'data-server-url="{site["rasa"]}"')
    page.goto(url.replace("127.0.0.1", "localhost"))  # same files, origin not listed
    launcher(page).click()
    expect(page.get_by_role("alert")).to_have_text(UNAVAILABLE)
    expect(bot_messages(page)).to_have_count(0)
