"""`tenor lsp` driven as an editor drives it: pytest-lsp (pygls) over stdio, JSON-RPC."""

import asyncio
import os
import pathlib
import tempfile

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

SCHEMA = """## A customer of the shop.
record Customer {
  ## First name, for greetings.
  first_name: Text
  tier: Tier
}

enum Tier { gold, silver }
"""

BROKEN = """decision greet(customer: Customer) {
  greeting = "Hello {customer.}"
  level = if customer.tier == gold then 1 else 2
}
"""

FIXED = BROKEN.replace("{customer.}", "{text.capitalize(customer.first_name)}")

FOLDER = pathlib.Path(tempfile.mkdtemp(prefix="tenor-lsp-e2e-"))
(FOLDER / "schema.tenor").write_text(SCHEMA)
(FOLDER / "policy.tenor").write_text(FIXED)
(FOLDER / "shared").mkdir()
(FOLDER / "shared" / "order.tenor").write_text("package shop.shared\n\n## An order.\nrecord Order { total: Int }\n")
ORDERS = "package shop.orders\nimport shop.shared\n\ndecision big(order: Order) {\n  big: Bool = order.total > 100\n}\n"
(FOLDER / "orders").mkdir()
(FOLDER / "orders" / "big.tenor").write_text(ORDERS)
SCHEMA_URI = (FOLDER / "schema.tenor").as_uri()
POLICY_URI = (FOLDER / "policy.tenor").as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[os.environ["TENOR"], "lsp"]))
async def client(lsp_client: LanguageClient):
    lsp_client.initialize_result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=FOLDER.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=POLICY_URI, language_id="tenor", version=version, text=text)
        )
    )


async def diagnostics_of(client: LanguageClient, uri: str):
    """Waits for the server's next diagnostics of `uri`."""
    for _ in range(20):
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10)
        if uri in client.diagnostics:
            return client.diagnostics[uri]
    raise AssertionError(f"no diagnostics for {uri}")


def at(line: int, character: int):
    return types.TextDocumentIdentifier(uri=POLICY_URI), types.Position(line=line, character=character)


async def test_broken_file_gets_a_diagnostic_at_the_right_range_then_clears(client: LanguageClient):
    open_doc(client, BROKEN)
    found = await diagnostics_of(client, POLICY_URI)
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in found] == [("syntax", 1, 30, 31)]
    client.diagnostics.pop(POLICY_URI)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=POLICY_URI, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=FIXED)],
        )
    )
    assert list(await diagnostics_of(client, POLICY_URI)) == []


async def test_completion_after_customer_dot(client: LanguageClient):
    open_doc(client, BROKEN)
    doc, pos = at(1, 30)
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=pos))
    items = result.items if hasattr(result, "items") else result
    assert {i.label for i in items} == {"first_name", "tier"}


async def test_hover_a_field_and_a_stdlib_function(client: LanguageClient):
    open_doc(client, FIXED)
    line = FIXED.splitlines()[1]
    doc, pos = at(1, line.index("first_name") + 2)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc, position=pos))
    assert "first_name: Text" in hover.contents.value and "First name, for greetings." in hover.contents.value
    doc, pos = at(1, line.index("capitalize") + 2)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc, position=pos))
    assert "text.capitalize(s: Text) -> Text" in hover.contents.value


async def test_definition_in_another_file(client: LanguageClient):
    open_doc(client, FIXED)
    doc, pos = at(0, FIXED.index("Customer") + 1)
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=pos))
    location = found[0] if isinstance(found, list) else found
    assert location.uri == SCHEMA_URI
    assert (location.range.start.line, location.range.start.character) == (1, 7)


async def test_definition_in_an_imported_package_of_another_folder(client: LanguageClient):
    uri = (FOLDER / "orders" / "big.tenor").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="tenor", version=1, text=ORDERS))
    )
    assert list(await diagnostics_of(client, uri)) == []
    line = ORDERS.splitlines()[3]
    doc, pos = types.TextDocumentIdentifier(uri=uri), types.Position(line=3, character=line.index("Order") + 1)
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=pos))
    location = found[0] if isinstance(found, list) else found
    assert location.uri == (FOLDER / "shared" / "order.tenor").as_uri()
    assert (location.range.start.line, location.range.start.character) == (3, 7)


async def test_rename_across_two_files(client: LanguageClient):
    open_doc(client, FIXED)
    doc, pos = at(2, FIXED.splitlines()[2].index("tier") + 1)
    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc, position=pos, new_name="level_of"))
    assert set(edit.changes) == {SCHEMA_URI, POLICY_URI}
    assert all(e.new_text == "level_of" for edits in edit.changes.values() for e in edits)


async def test_did_you_mean_code_action(client: LanguageClient):
    typo = FIXED.replace("customer.first_name", "customer.first_nme")
    open_doc(client, typo)
    found = await diagnostics_of(client, POLICY_URI)
    assert [d.code for d in found] == ["unknown-field"]
    doc, _ = at(0, 0)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=doc, range=found[0].range, context=types.CodeActionContext(diagnostics=list(found)))
    )
    assert [a.title for a in actions] == ["change to `first_name`"]
    (edit,) = actions[0].edit.changes[POLICY_URI]
    assert edit.new_text == "first_name" and edit.range == found[0].range


async def test_formatting_is_not_offered(client: LanguageClient):
    # `tenor fmt` does not exist yet, so the server does not advertise formatting.
    capabilities = client.initialize_result.capabilities
    assert capabilities.hover_provider and not capabilities.document_formatting_provider
