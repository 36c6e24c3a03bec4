"""One contact behind many companies: `shared_contact` in batches, and the cluster summary."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from heroes.cli.jobs import app
from heroes.jobs import check_csv, shared_contacts
from heroes.jobs.contacts import SharedContacts, company_of, contacts_in

NUMBER = "+34 612 34 56 78"
ADS = [
    ("1", "Sol Hoteles Group", "Hotel cleaners in Malta, room provided. Write on WhatsApp " + NUMBER),
    ("2", "Bright Farm Work", "Fruit pickers for Italy, no experience. WhatsApp " + NUMBER.replace(" ", "")),
    ("3", "Golden Care Agency", "Care helpers in Germany, visa arranged. Contact: wa.me/34612345678"),
    ("4", "Star Models Intl", "Promoters for events in Dubai. Call or WhatsApp 0034 612 345 678 today " + NUMBER),
    ("5", "Leeds Bakery Ltd", "Baker for our shop in Leeds, early shifts. Call +44 113 496 0000 for an interview."),
    ("6", "Northline Logistics", "Van drivers, full licence. Phone +44 20 7946 0958."),
    ("7", "Northline Logistics", "Warehouse staff, forklift licence. Phone +44 20 7946 0958."),
    ("8", "Northline Logistics", "Office assistant, Excel. Phone +44 20 7946 0958."),
]


def as_csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["job_id", "company", "description"])
    writer.writerows(rows)
    return out.getvalue()


def test_contacts_are_normalised():
    assert contacts_in("WhatsApp " + NUMBER) == {"+34612345678"}
    assert contacts_in("wa.me/34612345678") == {"+34612345678"}
    assert contacts_in("Mail Jobs@Example.org or t.me/fast_jobs_team") == {"jobs@example.org", "@fast_jobs_team"}


def test_four_companies_sharing_one_number_are_flagged_and_the_others_are_not():
    text = as_csv(ADS)
    shared = shared_contacts(io.StringIO(text))
    records = {r["job_id"]: r for r in check_csv(io.StringIO(text), shared=shared)}
    for job_id in ("1", "2", "3", "4"):
        rec = records[job_id]
        assert "shared_contact" in rec["red_flags"], rec
        (entry,) = rec["shared_contact"]
        assert entry["contact"] == "+34612345678" and len(entry["other_companies"]) == 3
        assert ADS[int(job_id) - 1][1].casefold() not in entry["other_companies"]
    # an unrelated ad, and one employer's three ads with its own number, get nothing
    for job_id in ("5", "6", "7", "8"):
        assert "shared_contact" not in records[job_id]["red_flags"] and "shared_contact" not in records[job_id]
    (cluster,) = shared.clusters()
    assert cluster.contact == "+34612345678" and len(cluster.companies) == 4 and cluster.ads == [0, 1, 2, 3]


def test_shared_contact_raises_the_risk():
    text = as_csv(ADS)
    plain = {r["job_id"]: r["risk"] for r in check_csv(io.StringIO(text))}
    shared = {r["job_id"]: r["risk"] for r in check_csv(io.StringIO(text), shared=shared_contacts(io.StringIO(text)))}
    assert all(shared[j] > plain[j] for j in "1234") and all(shared[j] == plain[j] for j in "5678")


def test_two_companies_are_not_a_cluster_and_unnamed_ads_do_not_count():
    found = SharedContacts()
    found.add(0, "alpha", "WhatsApp " + NUMBER)
    found.add(1, "beta", "WhatsApp " + NUMBER)
    found.add(2, None, "WhatsApp " + NUMBER)  # no company named: cannot make a cluster
    assert found.clusters() == [] and found.flags() == {}


def test_company_from_column_or_profile():
    assert company_of({"company": "  Sol  Hoteles "}) == "sol hoteles"
    assert company_of({"company_profile": "Acme Staffing. We place nurses."}) == "acme staffing"
    assert company_of({"title": "Cook"}) is None


def test_cli_summary_and_clusters_file(tmp_path):
    path, out = tmp_path / "ads.csv", tmp_path / "clusters.json"
    path.write_text(as_csv(ADS), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--csv", str(path), "--clusters", str(out)])
    assert result.exit_code == 0, result.output
    assert "+34612345678: 4 companies, 4 ads" in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(ADS) and sum("shared_contact" in r for r in lines) == 4
    body = json.loads(out.read_text())
    assert body["min_companies"] == 3 and body["clusters"][0]["contact"] == "+34612345678"
