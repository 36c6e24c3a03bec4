"""The entities analyser: one finding per distinct identifier, first offset, count and best confidence."""

from __future__ import annotations

from heroes.analysers.entities import EntitiesAnalyser
from heroes.core.context import ItemContext
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine import registry
from heroes.text import CACHE_KEY, Extracted


def context(tmp_path, text: str | None, settings: Settings | None = None, **metadata) -> ItemContext:
    p = tmp_path / "a.txt"
    p.write_text(text or "", encoding="utf-8")
    item = Item(path="a.txt", locator=({"t": "os", "path": str(p)},), size=p.stat().st_size)
    ctx = ItemContext(item, settings or Settings(), mime="text/plain")
    ctx.cached(CACHE_KEY, lambda: None if text is None else Extracted(text, dict(metadata)))
    return ctx


def test_findings_are_deduplicated_with_count_and_first_offset(tmp_path):
    eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    text = (
        f"Llámame al +34 612 345 678. {eth.lower()} ... otra vez +34 612 345 678, "
        f"my ETH wallet {eth.lower()} and IBAN GB82 WEST 1234 5698 7654 32"
    )
    findings = list(EntitiesAnalyser().analyse(context(tmp_path, text)))
    assert {f.kind for f in findings} == {"entity"}
    assert all(f.path == "a.txt" and f.analyser == "entities" for f in findings)
    by_type = {f.data["type"]: f for f in findings}
    assert set(by_type) == {"phone", "ethereum", "iban"}
    phone = by_type["phone"]
    assert phone.data["value"] == "+34612345678" and phone.data["count"] == 2
    assert phone.offset == text.index("+34") and phone.data["confidence"] == "high"
    ether = by_type["ethereum"]
    assert ether.data["value"] == eth and ether.data["count"] == 2
    assert ether.offset == text.index(eth.lower())
    assert ether.data["confidence"] == "medium"  # the second sighting sits next to "ETH wallet"
    record = by_type["iban"].record()
    assert record["kind"] == "entity" and record["value"] == "GB82WEST12345698765432"
    assert record["offset"] == text.index("GB82") and record["count"] == 1


def test_no_text_extractor_means_no_findings(tmp_path):
    assert list(EntitiesAnalyser().analyse(context(tmp_path, None))) == []
    assert list(EntitiesAnalyser().analyse(context(tmp_path, "nothing to see here"))) == []


def test_region_hint_from_settings_or_document_metadata(tmp_path):
    text = "Teléfono: 612 345 678"
    assert list(EntitiesAnalyser().analyse(context(tmp_path, text))) == []
    [from_settings] = EntitiesAnalyser().analyse(context(tmp_path, text, Settings(default_region="ES")))
    assert from_settings.data["value"] == "+34612345678" and from_settings.data["confidence"] == "medium"
    [from_metadata] = EntitiesAnalyser().analyse(context(tmp_path, text, region="ES"))
    assert from_metadata.data["value"] == "+34612345678"


def test_registered_for_every_type_after_text_extraction():
    [reg] = [r for r in registry.registrations() if r.name == "entities"]
    assert reg.enabled and reg.handles == ("*",) and reg.order == 60
    assert EntitiesAnalyser().accepts("application/pdf")


def test_entity_records_keep_their_kind_whatever_the_extra_fields(tmp_path):
    from heroes.core.context import ItemContext
    from heroes.core.item import Item
    from heroes.core.settings import Settings

    path = tmp_path / "a.txt"
    path.write_text("x")
    ctx = ItemContext(Item("a.txt", ({"t": "os", "path": str(path)},), 1), Settings(), "text/plain")
    found = Extracted("pay 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 or see t.me/some_channel and wa.me/34612345678")
    ctx.cached(CACHE_KEY, lambda: found)
    from heroes.analysers.entities import EntitiesAnalyser

    records = [f.record() for f in EntitiesAnalyser().analyse(ctx)]
    assert {r["type"] for r in records} >= {"bitcoin", "telegram", "whatsapp"}
    assert {r["kind"] for r in records} == {"entity"}


def test_a_misnamed_text_files_iban_is_found_and_the_findings_say_so(tmp_path):
    """libmagic types a .txt holding a Palestinian IBAN as an HP-GL plot; its text is searched all the same."""
    from heroes.engine.process import process_item

    ev = tmp_path / "ev"
    ev.mkdir()
    (ev / "iban.txt").write_bytes(b"PS92PALS000000000400123456702\n")
    (ev / "be.txt").write_text("Transfer to BE68 5390 0754 7034 (the registry's Belgian example).\n")
    found = {}
    for p in sorted(ev.iterdir()):
        item = Item(path=p.name, locator=({"t": "os", "path": str(p)},), size=p.stat().st_size)
        found[p.name] = {f.kind: f.data for f in process_item(item, Settings(), registry.enabled())}
    ps = found["iban.txt"]
    assert ps["file"]["mime"] == "application/vnd.hp-HPGL"
    assert (ps["entity"]["type"], ps["entity"]["value"]) == ("iban", "PS92PALS000000000400123456702")
    assert ps["entity"]["text_by_content"] is True and ps["entity"]["bank_known"] is None
    assert ps["mismatch"]["text_by_content"] is True and "searched" in ps["mismatch"]["reason"]
    be = found["be.txt"]
    assert (be["entity"]["value"], be["entity"]["bank_known"]) == ("BE68539007547034", False)
    assert "text_by_content" not in be["entity"] and "mismatch" not in be
