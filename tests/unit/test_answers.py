"""The shape of a reply: the answer first, a few lines, one source line with dates and links."""

from __future__ import annotations

from bot.knowledge.answers import MAX_DETAILS, render, sources_line


def test_a_derived_unit_starts_with_its_first_fact_and_cites_the_guide(kb):
    reply = render(kb, kb.units["ge.definition"])
    # The guide's first fact says « GE » only: the reply opens with what it stands for.
    assert reply.text.startswith("Le groupement d'employeurs (GE) : un GE est un regroupement d'entreprises")
    assert reply.text.splitlines()[-1].startswith("Source : guide « Association & Coopération")
    assert "écrit vers 2015" in reply.text.splitlines()[-1]


def test_a_definition_by_acronym_only_says_what_the_acronym_stands_for(kb):
    # « c'est quoi le CRGE ? » got « Basé en Poitou-Charentes…, le CRGE accompagne… ».
    assert render(kb, kb.units["crge.role"]).text.startswith(
        "Le CRGE (Centre de Ressources pour les Groupements d'Employeurs) : basé en Poitou-Charentes"
    )
    # A definition that already says it in the plural is left as it is.
    assert render(kb, kb.units["cae.definition"]).text.startswith("Les coopératives d'activité et d'emploi")


def test_bullets_are_capped_except_a_challenges_steps(kb):
    for unit in kb.units.values():
        bullets = [line for line in render(kb, unit).text.splitlines() if line.startswith("• ")]
        assert len(bullets) <= MAX_DETAILS, unit.id
    steps = kb.units["challenge_1.steps"]
    assert (
        len([line for line in render(kb, steps, complete=True).text.splitlines() if line.startswith("• ")])
        == len(steps.facts) - 1
    )


def test_a_precise_point_asked_comes_first(kb):
    unit = kb.units["ge.advantages"]
    reply = render(kb, unit, lead=2)
    assert reply.text.startswith(unit.facts[2].text)


def test_an_official_citation_has_its_date_and_link(kb):
    source = kb.sources.get("code-du-travail#L1253-8", "test")
    line = sources_line([source])
    assert line.startswith("Source : Code du travail, art. L1253-8 (en vigueur depuis le ")
    assert "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI" in line


def test_a_fiche_citation_has_its_site_date_and_link(kb):
    line = sources_line([kb.sources.get("F153#constitution", "test")])
    assert "service-public.fr, fiche F153" in line and "mise à jour du 23/10/2018" in line
    assert "https://www.service-public.fr/associations/vosdroits/F153" in line


def test_a_reference_says_it_is_not_machine_checked(kb):
    assert "non vérifié automatiquement" in sources_line([kb.sources.get("law_scic", "test")])


def test_follow_up_buttons_are_other_aspects_of_the_topic_and_who_can_help(kb):
    reply = render(kb, kb.units["ge.definition"])
    assert 1 <= len(reply.buttons) <= 4
    assert reply.buttons[-1].title == "Qui peut m'aider ?"
    assert all(b.entities["unit"].startswith("ge.") for b in reply.buttons)
