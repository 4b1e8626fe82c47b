"""Recognising topics and aspects in French as people type it."""

from __future__ import annotations

import pytest

from bot.knowledge import ask, respond
from bot.knowledge.text import normalize


def test_normalize_strips_accents_case_and_punctuation():
    assert normalize("Coopération d’Activité, ÉTÉ !") == "cooperation d activite ete"


@pytest.mark.parametrize(
    "message",
    [
        "c'est quoi un groupement d'employeurs ?",
        "C QUOI UN GROUPEMENT D EMPLOYEURS",
        "les groupements d'employeurs",
        "un groupemnt d'employeur svp",
        "GE ?",
    ],
)
def test_group_of_employers_is_found(kb, message):
    assert kb.find_topics(message)[:1] == ["ge"]


def test_topics_come_in_reading_order(kb):
    assert kb.find_topics("on hésite entre le DLA et le CRGE")[:2] == ["dla", "crge"]


def test_no_topic_in_small_talk(kb):
    assert kb.find_topics("bonjour, il fait beau aujourd'hui") == []


@pytest.mark.parametrize(
    ("message", "aspect"),
    [
        ("quels sont les inconvénients ?", "drawbacks"),
        ("et ses inconveniants", "drawbacks"),
        ("ça sert à quoi", "purpose"),
        ("quels avantages", "advantages"),
        ("qui peut m'aider", "contacts"),
        ("c'est quoi", "definition"),
    ],
)
def test_aspect_is_found(kb, message, aspect):
    assert kb.find_aspect(message) == aspect


def test_no_alias_names_two_topics(kb):
    from bot.knowledge.text import tokens

    owner: dict[str, str] = {}
    clashes = []
    for topic in kb.topics.values():
        for alias in (topic.short or "", *topic.aliases):
            key = " ".join(tokens(alias))
            if key and owner.setdefault(key, topic.id) != topic.id:
                clashes.append((key, owner[key], topic.id))
    assert not clashes


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("le 1er challenge", "challenge_1"),
        ("challenge 2", "challenge_2"),
        ("parle moi du 3e challenge", "challenge_3"),
        ("4ème challenge", "challenge_4"),
    ],
)
def test_challenge_numbers_are_never_confused(kb, message, topic):
    assert kb.find_topics(message)[:1] == [topic]


def test_a_plain_mention_of_associations_is_not_a_topic(kb):
    assert kb.find_topics("deux associations veulent embaucher ensemble") == []


def test_a_precise_aspect_wins_over_the_definition(kb):
    assert kb.find_aspect("quels sont les avantages, c'est quoi au juste ?") == "advantages"


@pytest.mark.parametrize(
    ("message", "aspect"),
    [
        ("comment on s'y prend pour que ça marche ?", "success_factors"),
        ("comment on fait pour que ça se passe bien ?", "success_factors"),
        ("comment on fait pour créer un GE ?", "steps"),
        ("comment on sait de quelle convention collective on dépend ?", None),  # « sait » is no typo of « fait »
        ("c quoi les erreurs classiques a eviter ?", "brakes"),
        ("qui paie la mutuelle ?", None),  # « paie » is no typo of « aide » (« qui aide »: the contacts)
        ("un salarié présent depuis 5 semaines", None),  # not « présente » (a definition)
        ("comment proteger nos infos ?", None),  # not « comment procéder » (the steps)
    ],
)
def test_how_to_make_it_work_asks_the_success_factors_not_the_steps(kb, message, aspect):
    assert kb.find_aspect(message) == aspect


def test_mutuelle_names_the_protection_sociale(kb):
    assert kb.find_topics("qu'est-ce qu'on fait pour les mutuelles du personnel ?") == ["protection_sociale"]


def test_a_verb_close_to_a_one_word_alias_is_not_a_typo(kb):
    assert "challenge_2" not in kb.find_topics("toutes les coopérations entraînent des obligations ?")
    assert "challenge_2" in kb.find_topics("l'entrainemnt de l'équipe")


@pytest.mark.parametrize(
    "message, yes_no",
    [
        # A relative pronoun inside the sentence does not make it an open question.
        ("est-ce qu'on peut faire financer la formation des salariés qui vont travailler sur la coopération ?", True),
        ("faut-il que les membres signent une convention ?", True),
        # An open-question word first, last, after a preposition or opening a clause does.
        ("on doit le déclarer à qui ?", False),
        ("c'est qui ?", False),
        ("asso de 20 salariés : qui finance la formation des élus ?", False),
        ("en cas de fusion qu'est-ce qu'on fait pour les mutuelles ?", False),
        ("le CRGE il fait quoi exactement ?", False),
        # « max » asks a figure (it got « Non, si vous avez déjà pu apprécier ses aptitudes… »).
        ("on recrute un directeur (cadre) en CDI, periode d'essai max ?", False),
        # « et quand … » opens its clause after the « et » of a follow-up.
        ("et quand ça s'arrête ?", False),
        # A short request at the end asks for something, not whether.
        ("on ne peut pas l'embaucher seuls, une solution ?", False),
        ("on a un salarié à temps partiel, il peut refuser la mutuelle ?", True),
    ],
)
def test_yes_no_questions_are_told_from_open_ones(kb, message, yes_no):
    assert ("yes_no" in kb.lexicon.kinds(message)) is yes_no


def test_max_asks_how_many(kb):
    assert "how_many" in kb.lexicon.kinds("periode d'essai max ?")


def test_instead_of_someone_is_not_asking_for_a_role(kb):
    assert kb.find_aspect("les membres doivent-ils payer à sa place ?") is None
    assert kb.find_aspect("quelle place pour les bénévoles ?") == "role"


def test_what_must_a_text_hold_is_not_asking_for_a_definition(kb):
    assert kb.find_aspect("qu'est ce qui doit figurer dans le contrat d'un entrepreneur salarié ?") is None
    assert "definition" not in kb.lexicon.kinds("qu'est-ce qui doit figurer dans le contrat ?")
    assert kb.find_aspect("qu'est-ce qu'une SCIC ?") == "definition"


def test_partenariat_is_a_common_word_not_the_name_of_the_alliance_concept(kb):
    # People say « partenariat » for any cooperation; the guide's « alliance ou partenariat » concept is
    # named by « alliance », and still found by its words when asked for.
    before = "avant un partenariat avec une autre asso, quelles questions se poser ?"
    assert "alliance_partenariat" not in kb.topics_written(before)
    assert "alliance_partenariat" in kb.topics_written("une alliance entre deux associations concurrentes")
    assert respond(kb, ask(kb, "c'est quoi un partenariat ?")).unit == "alliance_partenariat.definition"


def test_c_est_qui_is_no_typo_of_c_est_quoi_and_asks_openly(kb):
    assert kb.find_aspect("si on passe par un GE, c'est qui qui le paye ?") is None
    assert "yes_no" not in kb.lexicon.kinds("c'est qui qui le paye ? nous ou le GE ?")
    assert kb.find_aspect("c'est quoi un GE ?") == "definition"


def test_a_typo_changes_a_word_by_one_letter_inside_a_phrase_too(kb):
    # « les jours fériés » named the piliers (« les joueurs »), and « on peut limiter ça ? » asked for
    # the limits (« limite »): two letters apart, or an ordinary word, is another word.
    assert "piliers" not in kb.find_topics("et ses horaires, le repos, les jours fériés ?")
    assert "piliers" in kb.find_topics("qui sont les joueurs de la coopération ?")
    assert "piliers" in kb.find_topics("qui sont les joeurs de la coopération ?")
    assert kb.find_aspect("on peut limiter ça ?") is None
    assert kb.find_aspect("quelles sont les limtes du GE ?") == "limits"


def test_what_one_must_do_or_sign_is_no_definition(kb):
    # « qu'est-ce qu'il faut signer ? » got the definition of the prêt de main-d'œuvre; « se présenter
    # aux élections » asked for a presentation (« présente »).
    assert "definition" not in kb.lexicon.kinds("qu'est-ce qu'il faut signer ?")
    assert kb.find_aspect("qu'est-ce qu'il faut signer ?") is None
    assert "how" in kb.lexicon.kinds("qu'est-ce qu'on doit faire ?")
    assert kb.find_aspect("personne ne veut se présenter aux élections du CSE") is None
    assert "definition" in kb.lexicon.kinds("qu'est-ce que le prêt de main-d'œuvre ?")


def test_putting_staff_at_another_associations_disposal_names_the_loan_of_staff(kb):
    # « mettre notre comptable à dispo d'une autre asso » named no topic: a mutuelle step answered.
    text = "on veut mettre notre comptable a dispo d'une autre asso, quels papiers ?"
    assert kb.find_topics(text) == ["pret_main_oeuvre"]
    # « à disposition d'une asso partenaire »: « d'une autre » was the only way it was named.
    assert "pret_main_oeuvre" in kb.find_topics("mettre notre coordinatrice à disposition d'une asso partenaire")
    assert "pret_main_oeuvre" not in kb.find_topics("le GE met la salariée à disposition de ses membres")


def test_what_people_say_in_other_words_brings_the_sources_word(kb):
    assert kb.lexicon.paraphrased("et si elle ne veut pas ?") == ["refuser"]
    assert kb.lexicon.paraphrased("elle veut partir") == []  # whole phrases only
    assert kb.lexicon.paraphrased("et une fois lancé, on vérifie comment ?") == ["evaluer"]
    # Weekly hours under the legal 35 are what the sources call part time.
    assert kb.lexicon.paraphrased("notre agent d'entretien fait 10h par semaine") == ["temps partiel"]
    assert kb.lexicon.paraphrased("elle fait 35 h par semaine") == []


def test_a_word_in_capitals_is_an_acronym_not_a_stopword(kb):
    assert "sa" in kb.ranker.words("et en SA ?")
    assert "sa" not in kb.ranker.words("et sa mutuelle ?")
    assert "la" not in kb.ranker.words("LA MUTUELLE EST OBLIGATOIRE ?")  # shouted, not acronyms


def test_to_play_a_role_is_no_typo_of_the_players(kb):
    # « jouer » was read as « joueurs » (the piliers) in « notre fédération peut jouer quel rôle ? ».
    topics = [m.value for m in kb.mentions("notre fédération peut jouer quel rôle dans notre projet ?")]
    assert "piliers" not in topics
    # « les salaires » (wages) are not « les salariés » (employees).
    assert "salaries" not in kb.find_topics("le groupement refacture les salaires a ses membres ?")


def test_who_asks_does_not_outweigh_what_is_asked(kb):
    # The sector (« culturelles », « judo ») and the asker's role (« trésorière », read as a typo of
    # « trésorerie ») took a GE's sector fact and the GE's unpaid debts over sharing an employee.
    judo = "je suis tresoriere d'un club de judo, on voudrait partager un prof avec le club de karate d'a cote"
    assert respond(kb, ask(kb, judo)).unit == "situation-share-staff"
    culture = "on est 3 assos culturelles dans la meme ville et on voudrait partager un local et une comptable"
    assert respond(kb, ask(kb, culture)).unit != "ge-secteur-associatif"


def test_ordinary_words_are_kept_as_typed_and_correct_no_other_word(kb):
    # « rallonge » was read as « rallonger » (the trial period's renewal), « partent » as « partagent ».
    assert kb.ranker.words("des réunions à rallonge, des projets qui partent dans tous les sens") == [
        "reunions", "rallonge", "projets", "partent", "sens",
    ]  # fmt: skip
    # A word kept as typed is no correction target: « pense » stays « pense », not « penser ».
    assert "penser" not in kb.ranker.words("on pense répondre à un marché public")
    # Typos of the sources' words are still corrected.
    assert kb.ranker.words("prevoyence") == ["prevoyance"]
