"""The TypeScript contract: a frontend's types, generated from the served OpenAPI
document with openapi-typescript, compile a strict consumer (``consumer.ts``) that
narrows every page, block and JSON-LD node type without a cast.

Node and the pinned packages (``package-lock.json``) come from
``npm ci --prefix tests/contract``, which ``make test`` runs when the lock changes.
"""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HERE = Path(__file__).parent
BIN = HERE / "node_modules" / ".bin"
TSC_FLAGS = [
    "--strict",
    "--noImplicitAny",
    "--noEmit",
    "--noUncheckedIndexedAccess",
    "--exactOptionalPropertyTypes",
    "--target",
    "es2022",
    "--module",
    "es2022",
    "--moduleResolution",
    "bundler",
]


@pytest.fixture
def served_document(client) -> dict:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def run(*command: str | Path) -> subprocess.CompletedProcess:
    if not (BIN / "tsc").exists():
        pytest.fail("tests/contract/node_modules is missing: run `make test` (npm ci)")
    return subprocess.run(  # noqa: S603 (our own pinned tools)
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=HERE,
        check=False,
    )


def compile_consumer(document: dict, directory: Path) -> subprocess.CompletedProcess:
    """Generate ``cms-api.d.ts`` from ``document`` beside a copy of the consumer and
    compile it; the result's output names the errors."""
    source = directory / "openapi.json"
    source.write_text(json.dumps(document))
    types = directory / "cms-api.d.ts"
    generated = run(BIN / "openapi-typescript", source, "--output", types)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    consumer = directory / "consumer.ts"
    shutil.copy(HERE / "consumer.ts", consumer)
    checked = run("node", HERE / "check.mjs", consumer, types)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return run(BIN / "tsc", *TSC_FLAGS, consumer)


def test_generated_types_compile_the_strict_consumer(served_document, tmp_path):
    result = compile_consumer(served_document, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def new_page_type(document: dict) -> None:
    schemas = document["components"]["schemas"]
    schemas["NewPage"] = copy.deepcopy(schemas["HomePage"])
    schemas["NewPage"]["properties"]["type"] = {"const": "pages.NewPage"}
    schemas["PageDetail"]["oneOf"].append({"$ref": "#/components/schemas/NewPage"})
    mapping = schemas["PageDetail"]["discriminator"]["mapping"]
    mapping["pages.NewPage"] = "#/components/schemas/NewPage"


def new_block_type(document: dict) -> None:
    schemas = document["components"]["schemas"]
    variant = copy.deepcopy(schemas["SectionContentBlock.subheading"])
    variant["properties"]["type"] = {"const": "new_block"}
    schemas["SectionContentBlock.new_block"] = variant
    union = schemas["SectionContentBlock"]["items"]
    union["oneOf"].append(
        {"$ref": "#/components/schemas/SectionContentBlock.new_block"}
    )
    union["discriminator"]["mapping"]["new_block"] = (
        "#/components/schemas/SectionContentBlock.new_block"
    )


def new_change_type(document: dict) -> None:
    schemas = document["components"]["schemas"]
    schemas["SiteChangedEvent"] = copy.deepcopy(schemas["RedirectCreatedEvent"])
    schemas["SiteChangedEvent"]["properties"]["type"] = {"const": "site_changed"}
    schemas["Change"]["oneOf"].append({"$ref": "#/components/schemas/SiteChangedEvent"})
    mapping = schemas["Change"]["discriminator"]["mapping"]
    mapping["site_changed"] = "#/components/schemas/SiteChangedEvent"


@pytest.mark.parametrize("change", [new_page_type, new_block_type, new_change_type])
def test_a_type_the_consumer_does_not_handle_fails_compilation(
    served_document, tmp_path, change
):
    """The consumer's switches are exhaustive: a new page or block type in the
    document breaks the build until the frontend handles it."""
    change(served_document)
    result = compile_consumer(served_document, tmp_path)
    assert result.returncode != 0
    assert "is not assignable to parameter of type 'never'" in result.stdout
