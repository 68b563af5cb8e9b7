// The Tenor extension: starts `tenor lsp` on stdio and connects VS Code to it.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

/** Starts the language server for `.tenor` files. */
function activate(context) {
  const command = vscode.workspace.getConfiguration("tenor").get("path", "tenor");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "tenor",
    "Tenor",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "tenor" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

/** Stops the language server. */
function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
