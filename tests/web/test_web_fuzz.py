"""OpenAPI-driven fuzzing (schemathesis): every JSON API operation, with generated parameters and bodies, as a
logged-in investigator, never answers with a server error. Bounded: few examples per operation, derandomized."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from heroes.web.app import create_app

EXAMPLES = 12


def _fuzz(operation, own_case_id: int, cookies: dict, headers: dict, calls: list) -> None:
    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def fuzz(case: schemathesis.Case) -> None:
        for own_case in (False, True):  # generated ids mostly miss; also aim at a case inv1 may open
            if own_case:
                if "case_id" not in (case.path_parameters or {}):
                    return
                case.path_parameters["case_id"] = own_case_id
            response = case.call(cookies=cookies, headers=headers)
            calls.append((operation.path, response.status_code))
            assert response.status_code < 500, (
                operation.path,
                case.path_parameters,
                case.query,
                case.body,
                response.text[:300],
            )

    fuzz()


def test_api_fuzz_has_no_server_error(site, kit):
    app = create_app(site["url"], secret="fuzz-secret")
    try:
        client = TestClient(app)
        assert kit.login(client, "inv1").status_code == 303
        cookies = {"heroes_session": client.cookies["heroes_session"]}
        headers = {"X-CSRF-Token": kit.csrf_of(client.get("/cases").text)}
        schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert {op.path for op in operations} >= {"/api/cases/{case_id}/items", "/api/jobs/check"}
        calls: list[tuple[str, int]] = []
        for operation in operations:
            _fuzz(operation, site["case_a"], cookies, headers, calls)
        for too_big in (f"/api/cases/{2**64}", f"/api/cases/{site['case_a']}/items?after={2**64}"):
            assert client.get(too_big).status_code == 422  # past 64 bits: refused, not a database error
        reached = {path for path, status in calls if status == 200}
        assert {"/api/cases", "/api/cases/{case_id}/items", "/api/jobs/check"} <= reached, sorted(reached)
    finally:
        app.state.web.store.close()
        app.state.web.engine.dispose()
