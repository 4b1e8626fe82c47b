"""ActionAnswerQuestion with tracker fixtures and a CollectingDispatcher (financial-demo style)."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from bot.actions.knowledge import ActionAnswerQuestion


async def test_definition_from_an_nlu_entity(dispatcher, tracker_for):
    tracker = tracker_for("c'est quoi un GE ?", "ask_definition", entities=[{"entity": "topic", "value": "ge"}])
    events = await ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert events == [SlotSet("topic", "ge"), SlotSet("aspect", "definition")]
    [message] = dispatcher.messages
    assert "temps plein" in message["text"]
    assert message["buttons"][0]["payload"].startswith('/ask_aspect{"topic": "ge", "aspect": ')


async def test_topic_found_in_the_text_when_the_nlu_missed_it(dispatcher, tracker_for):
    tracker = tracker_for("un groupemnt d'employeur ca sert a quoi", "ask_definition")
    events = await ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert events == [SlotSet("topic", "ge"), SlotSet("aspect", "purpose")]
    assert "un seul contrat de travail" in dispatcher.messages[0]["text"]


async def test_entity_text_is_resolved_against_the_knowledge_base(dispatcher, tracker_for):
    tracker = tracker_for("parle moi des scics", "ask_definition", entities=[{"entity": "topic", "value": "scics"}])
    events = await ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert SlotSet("topic", "scic") in events


async def test_follow_up_uses_the_topic_slot(dispatcher, tracker_for):
    tracker = tracker_for(
        "et ses inconvénients ?",
        "ask_aspect",
        entities=[{"entity": "aspect", "value": "drawbacks"}],
        slots={"topic": "faire_avec"},
    )
    events = await ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert events == [SlotSet("topic", "faire_avec"), SlotSet("aspect", "drawbacks")]
    assert "coûts de coordination" in dispatcher.messages[0]["text"]


async def test_no_topic_at_all_asks_which_one_and_keeps_state(dispatcher, tracker_for):
    tracker = tracker_for("et les avantages ?", "ask_aspect")
    events = await ActionAnswerQuestion().run(dispatcher, tracker, {})
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_ask_topic"
