"""The OpenAPI document describes the request endpoint and its refusals."""

from drf_spectacular.generators import SchemaGenerator


def test_schema_describes_the_consultation_request_operation():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    operation = schema["paths"]["/api/v2/consultation-requests/"]["post"]
    assert set(schema["paths"]["/api/v2/consultation-requests/"]) == {"post"}
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ConsultationRequest"
    }
    assert {"201", "400", "409", "429"} <= set(operation["responses"])
    assert operation["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ConsultationReceipt"
    }
    assert operation.get("security", [{}]) == [{}]
    assert [p["name"] for p in operation["parameters"]] == ["Idempotency-Key"]

    request = schema["components"]["schemas"]["ConsultationRequest"]
    assert {"kind", "name", "phone", "country", "consent", "form_token"} <= set(
        request["required"]
    )
    assert set(
        schema["components"]["schemas"]["ConsultationReceipt"]["properties"]
    ) == {
        "reference",
        "status",
        "kind",
    }


def test_schema_describes_the_form_token_endpoint():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    path = schema["paths"]["/api/v2/consultation-requests/form-token/"]
    assert set(path) == {"get"}
    assert "200" in path["get"]["responses"]
