"""Journey actions with tracker fixtures and a CollectingDispatcher."""

from __future__ import annotations

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from bot.actions.challenges import ActionMoveChallenge, ActionResumeJourney, ActionShowChallenge
from bot.actions.handoff import NOT_CONFIGURED, ActionHandOff
from bot.actions.questionnaires import ActionFinishJourney, ActionStopJourney, AskQuizQ1, ValidateQuizForm

VALIDATE_QUIZ = ValidateQuizForm()


def quiz_tracker(tracker_for, text, intent="choose", repeat=0, **slots):
    return tracker_for(
        text, intent, slots={"requested_slot": "quiz_q2", "repeat_count": repeat, **slots}, active_loop="quiz_form"
    )


async def test_first_question_comes_with_the_intro_and_three_buttons(dispatcher, tracker_for):
    events = await AskQuizQ1().run(dispatcher, tracker_for("quiz", "start_quiz"), {})
    assert events == [SlotSet("journey_progress", "quiz:started")]
    [message] = dispatcher.messages
    assert message["text"].startswith("Quiz « Découvrir son profil coopératif »")
    assert "Question 1/4 : Pourquoi coopérez-vous ?" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["1", "2", "3"]


async def test_a_typed_answer_fills_the_slot(dispatcher, tracker_for):
    events = await VALIDATE_QUIZ.run(dispatcher, quiz_tracker(tracker_for, "au quotidien"), {})
    assert events == [SlotSet("quiz_q2", "leader"), SlotSet("repeat_count", 0)]


async def test_a_clear_answer_is_understood_whatever_the_nlu_said(dispatcher, tracker_for):
    events = await VALIDATE_QUIZ.run(dispatcher, quiz_tracker(tracker_for, "regulierement", "ask_definition"), {})
    assert SlotSet("quiz_q2", "apporteur") in events


async def test_a_number_is_an_answer_even_when_read_as_a_question(dispatcher, tracker_for):
    events = await VALIDATE_QUIZ.run(dispatcher, quiz_tracker(tracker_for, "3", "ask_aspect"), {})
    assert SlotSet("quiz_q2", "apporteur") in events


async def test_a_question_is_left_to_the_digression_rule(dispatcher, tracker_for):
    events = await VALIDATE_QUIZ.run(dispatcher, quiz_tracker(tracker_for, "c'est quoi un GE ?", "ask_definition"), {})
    assert events == [] and dispatcher.messages == []


async def test_a_wrong_answer_is_asked_again_once_then_the_menu_comes(dispatcher, tracker_for):
    first = await VALIDATE_QUIZ.run(dispatcher, quiz_tracker(tracker_for, "euh", "nlu_fallback"), {})
    assert first == [SlotSet("quiz_q2", None), SlotSet("repeat_count", 1.0)]
    assert "tapez un numéro de 1 à 3" in dispatcher.messages[0]["text"]
    second = await VALIDATE_QUIZ.run(dispatcher, quiz_tracker(tracker_for, "bof", "nlu_fallback", repeat=1), {})
    assert SlotSet("requested_slot", None) in second
    assert dispatcher.messages[1]["response"] == "utter_not_understood_menu"


async def test_finished_quiz_gives_the_profile_and_clears_the_answers(dispatcher, tracker_for):
    answers = {"quiz_q1": "leader", "quiz_q2": "leader", "quiz_q3": "ideateur", "quiz_q4": "apporteur"}
    tracker = tracker_for("1", "choose", slots=answers, events=[{"event": "active_loop", "name": "quiz_form"}])
    events = await ActionFinishJourney().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"].startswith("Vous êtes un leader !")
    assert SlotSet("quiz_q1", None) in events


async def test_given_up_form_shows_the_menu(dispatcher, tracker_for):
    tracker = tracker_for(
        "bof",
        "nlu_fallback",
        slots={"orientation_goal": None},
        events=[{"event": "active_loop", "name": "orientation_form"}],
    )
    events = await ActionFinishJourney().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["response"] == "utter_menu"
    assert SlotSet("orientation_goal", None) in events


async def test_finished_orientation(dispatcher, tracker_for):
    tracker = tracker_for(
        "non",
        "deny",
        slots={"orientation_goal": "faire_corps", "orientation_entity": "any"},
        events=[{"event": "active_loop", "name": "orientation_form"}],
    )
    events = await ActionFinishJourney().run(dispatcher, tracker, {})
    assert "« faire corps »" in dispatcher.messages[0]["text"]
    assert SlotSet("topic", "faire_corps") in events


async def test_stop_leaves_the_form(dispatcher, tracker_for):
    tracker = tracker_for("stop", "stop", slots={"requested_slot": "quiz_q1"}, active_loop="quiz_form")
    events = await ActionStopJourney().run(dispatcher, tracker, {})
    assert events[:2] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert events[-1] == SlotSet("journey_progress", "quiz:stopped")
    assert [m.get("response") for m in dispatcher.messages] == ["utter_journey_stopped", "utter_menu"]


async def test_challenge_journey_start_next_previous_and_end(dispatcher, tracker_for):
    events = await ActionShowChallenge().run(dispatcher, tracker_for("guide-moi", "start_challenges"), {})
    assert SlotSet("challenge_step", 1.0) in events
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == ["Avec qui ?", "Comment faire ?", "Freins et conseils", "Challenge suivant", "Arrêter"]
    events = await ActionMoveChallenge().run(
        dispatcher, tracker_for("suivant", "next_step", slots={"challenge_step": 1}), {}
    )
    assert SlotSet("challenge_step", 2.0) in events and "cercle" in dispatcher.messages[1]["text"]
    assert "Précédent" in [b["title"] for b in dispatcher.messages[1]["buttons"]]
    events = await ActionMoveChallenge().run(
        dispatcher, tracker_for("précédent", "previous_step", slots={"challenge_step": 2}), {}
    )
    assert SlotSet("challenge_step", 1.0) in events
    events = await ActionMoveChallenge().run(
        dispatcher, tracker_for("suivant", "next_step", slots={"challenge_step": 4}), {}
    )
    assert events == [SlotSet("journey_progress", "challenges:finished")]
    assert "parcouru les 4 challenges" in dispatcher.messages[-1]["text"]


async def test_et_apres_after_an_answer_out_of_the_tour_is_a_follow_up_question(dispatcher, tracker_for):
    # Read as next_step (0.99): it started the tour after an answer on the portabilité.
    after = tracker_for("et après ?", "next_step", slots={"answer_unit": "psc-portabilite-gratuite"})
    assert await ActionMoveChallenge().run(dispatcher, after, {}) == [FollowupAction("action_answer_question")]
    assert dispatcher.messages == []
    # « suivant » still starts the tour.
    events = await ActionMoveChallenge().run(
        dispatcher, tracker_for("suivant", "next_step", slots={"answer_unit": "psc-portabilite-gratuite"}), {}
    )
    assert SlotSet("journey_progress", "challenges:started") in events


async def test_start_at_the_challenge_named(dispatcher, tracker_for):
    events = await ActionShowChallenge().run(dispatcher, tracker_for("le 3e challenge", "start_challenges"), {})
    assert SlotSet("challenge_step", 3.0) in events


async def test_resume_comes_back_to_the_challenge_left(dispatcher, tracker_for):
    events = await ActionResumeJourney().run(
        dispatcher, tracker_for("on reprend", "resume", slots={"challenge_step": 3}), {}
    )
    assert SlotSet("challenge_step", 3.0) in events
    assert dispatcher.messages[0]["text"].startswith("Reprenons au challenge 3.")


async def test_resume_without_journey_offers_the_menu(dispatcher, tracker_for):
    await ActionResumeJourney().run(dispatcher, tracker_for("on reprend", "resume"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_nothing_to_resume", "utter_menu"]


async def test_hand_off_uses_the_configured_contact(dispatcher, tracker_for, tmp_path, monkeypatch):
    config = tmp_path / "handoff.yml"
    config.write_text('contact:\n  name: "Maison des associations"\n  email: "contact@exemple.org"\n')
    monkeypatch.setenv("HANDOFF_FILE", str(config))
    await ActionHandOff().run(dispatcher, tracker_for("un humain", "ask_human"), {})
    assert "Maison des associations" in dispatcher.messages[0]["text"]
    assert "contact@exemple.org" in dispatcher.messages[0]["text"]


async def test_hand_off_says_when_no_contact_is_configured(dispatcher, tracker_for, tmp_path, monkeypatch):
    config = tmp_path / "handoff.yml"
    config.write_text("contact:\n")
    monkeypatch.setenv("HANDOFF_FILE", str(config))
    await ActionHandOff().run(dispatcher, tracker_for("un humain", "ask_human"), {})
    assert dispatcher.messages[0]["text"] == NOT_CONFIGURED
