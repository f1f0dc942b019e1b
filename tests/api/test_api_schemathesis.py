"""Property-based requests generated from the app's own OpenAPI schema: no input gives a 5xx.

In-process (ASGI), deterministic (``derandomize``), at most ``MAX_EXAMPLES``
cases per operation, positive and negative data. Write routes are called
with the right token on a private copy of the database, so ingestion and
linking are exercised too.
"""

from __future__ import annotations

import pytest
import schemathesis
from apiweb_seed import TOKEN, copy_database
from hypothesis import HealthCheck, given, settings
from schemathesis import DataGenerationMethod

from armswatch.api.app import create_app

MAX_EXAMPLES = 25


def _operations(db: str):
    schemathesis.experimental.OPEN_API_3_1.enable()  # FastAPI writes OpenAPI 3.1
    app = create_app(db, token=TOKEN)
    schema = schemathesis.from_asgi(
        "/openapi.json",
        app,
        data_generation_methods=[DataGenerationMethod.positive, DataGenerationMethod.negative],
    )
    return app, [result.ok() for result in schema.get_all_operations()]


def test_generated_requests_never_give_a_server_error(seed_db, tmp_path):
    app, operations = _operations(copy_database(seed_db, tmp_path))
    assert len(operations) >= 15
    failures: list[str] = []

    for operation in operations:
        headers = {"Authorization": f"Bearer {TOKEN}"} if operation.method.upper() == "POST" else {}

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call_asgi(app=app, headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}: "
                                f"{response.text[:300]}")

        run()
    app.state.store.close()
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("path", ["/api/events", "/api/search", "/api/documents", "/api/deals"])
def test_schema_bounds_every_page_size(client, path):
    schema = client.get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
    assert params["limit"]["maximum"] <= 200 and params["offset"]["maximum"] >= 1000
