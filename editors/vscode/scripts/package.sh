#!/bin/sh
# Builds the VS Code extension: installs its npm dependencies, tests the TextMate grammar
# against tests/*.tenor with vscode-tmgrammar-test, and packages tenor.vsix with @vscode/vsce.
set -eu
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund
npm test
npm run package
