"""Reveal and view only for findings whose item is an image; any other finding id is 404 and leaves no
"media_reveal" in the audit log."""

from __future__ import annotations

from heroes.web import audit
from heroes.web.sessions import key_of


def _session_key(client) -> str:
    return key_of(client.cookies["heroes_session"])


def test_reveal_and_view_only_for_findings_with_an_image(client_for, site, kit):
    c = client_for("inv1")
    a = site["case_a"]
    engine = c.app.state.web.engine
    token = kit.csrf_of(c.get("/cases").text)
    [text_entity, _phone] = c.app.state.web.store.findings_page(a, ("entity",))[0]
    assert text_entity["path"] == "notes.txt"
    assert c.post(f"/cases/{a}/media/{text_entity['id']}/reveal", data={"csrf": token}).status_code == 404
    inv1 = c.app.state.web.access.user(engine, c.app.state.web.sessions.load(_session_key(c)).user_id)
    ticket = c.app.state.web.signer.media_token(inv1.id, text_entity["id"])  # even with a valid ticket
    assert c.get(f"/cases/{a}/media/{text_entity['id']}/view", params={"t": ticket}).status_code == 404
    assert not [e for e in audit.entries(engine) if e["action"] == "media_reveal"]
    image = c.app.state.web.store.findings_page(a, ("hash_match",))[0][0]
    assert c.post(f"/cases/{a}/media/{image['id']}/reveal", data={"csrf": token}).status_code == 200
    assert [e["target"] for e in audit.entries(engine) if e["action"] == "media_reveal"] == [
        f"case:{a}/finding:{image['id']}"
    ]
