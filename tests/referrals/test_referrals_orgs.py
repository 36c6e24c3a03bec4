"""Organisations: the shipped directories as the seed list, added ones, CSV imports, membership, suggestions."""

from __future__ import annotations

import pytest

from heroes.referrals import orgs
from heroes.screening import knowledge_base


def test_directory_import_makes_one_organisation_per_entry_and_refreshes_only_what_changed(world):
    added, refreshed = orgs.import_directory(world.engine)
    entries = knowledge_base().referrals
    assert (added, refreshed) == (len(entries), 0)
    assert orgs.import_directory(world.engine) == (0, 0)
    msh = orgs.by_name(world.engine, "uk.msh")
    assert (msh.kind, msh.country, msh.phone) == ("helpline", "UK", "08000 121 700")
    assert orgs.by_name(world.engine, "bd.child_helpline").title("bn") == "চাইল্ড হেল্পলাইন (সমাজসেবা অধিদপ্তর)"
    assert not orgs.by_name(world.engine, "es.016").verified
    assert {o.kind for o in orgs.all_orgs(world.engine, "UK")} == {"police", "helpline", "child_protection", "nrm"}
    orgs.configure(world.engine, "uk.msh", retention_days=30)
    assert orgs.import_directory(world.engine, "uk") == (0, 0)  # own settings are not directory data
    assert orgs.by_name(world.engine, "uk.msh").retention_days == 30


def test_directory_import_of_an_unknown_country(world):
    with pytest.raises(orgs.OrgError, match="have BD, CO, ES, UK"):
        orgs.import_directory(world.engine, "FR")


@pytest.mark.parametrize(
    ("name", "kind", "country", "message"),
    [
        ("inspeccion-madrid", "ngo", "ES", "exists"),
        ("x", "church", "ES", "kind 'church'"),
        ("x", "ngo", "E5", "country"),
        (" x", "ngo", "ES", "outer spaces"),
        ("", "ngo", "ES", "1-128"),
    ],
)
def test_add_refuses_bad_values(world, name, kind, country, message):
    with pytest.raises(orgs.OrgError, match=message):
        orgs.add(world.engine, name, kind, country)


def test_settings_must_be_positive(world):
    with pytest.raises(orgs.OrgError, match="retention must be at least 1"):
        orgs.configure(world.engine, "refugio-sur", retention_days=0)
    with pytest.raises(orgs.OrgError, match="no organisation"):
        orgs.configure(world.engine, "nowhere", accept_hours=4)


def test_csv_import_adds_good_rows_and_names_bad_ones(world, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "name,kind,country,title,audience\n"
        "casa-abierta,shelter,CO,Casa Abierta,adult\n"
        "bad-kind,temple,CO,,\n"
        "linea-ninos,child_protection,co,,child\n",
        encoding="utf-8",
    )
    added, problems = orgs.import_csv(world.engine, path)
    assert added == 2
    assert len(problems) == 1 and problems[0].startswith(f"{path}:3:") and "temple" in problems[0]
    assert orgs.by_name(world.engine, "linea-ninos").country == "CO"
    path.write_text("title,kind\nx,ngo\n", encoding="utf-8")
    with pytest.raises(orgs.OrgError, match="missing country, name"):
        orgs.import_csv(world.engine, path)


def test_membership_is_one_organisation_per_user(world):
    from heroes.web import accounts

    user = accounts.add_user(world.engine, "officer1", "responder", "correct horse battery")
    assert orgs.of_user(world.engine, user.id) is None
    orgs.join(world.engine, user.id, "refugio-sur")
    orgs.join(world.engine, user.id, "ong-norte")
    assert orgs.of_user(world.engine, user.id).name == "ong-norte"
    with pytest.raises(orgs.OrgError, match="no organisation"):
        orgs.join(world.engine, user.id, "nowhere")


def test_suggestions_follow_urgency_age_and_sector(world):
    orgs.import_directory(world.engine, "ES")
    kinds = lambda found: [o.kind for o in found]  # noqa: E731
    calm = orgs.suggest(world.engine, "ES", age_group="adult", urgent=False, sector="labour_inspection")
    assert kinds(calm)[0] == "shelter" and kinds(calm)[-1] == "labour_inspection"
    assert "es.anar" not in [o.name for o in calm]  # a child line is not suggested for an adult
    urgent = orgs.suggest(world.engine, "ES", age_group="adult", urgent=True, exclude=world.a.id)
    assert kinds(urgent)[0] == "police" and world.a.id not in [o.id for o in urgent]
    verified_first = [o.verified for o in urgent if o.kind == "police"]
    assert verified_first == sorted(verified_first, reverse=True)
    child = orgs.suggest(world.engine, "ES", age_group="child", urgent=False)
    assert child[0].name == "es.anar" and "es.apramp" not in [o.name for o in child]
    assert orgs.suggest(world.engine, "CO", age_group="adult", urgent=False) == []
