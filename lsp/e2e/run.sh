#!/bin/sh
# End-to-end tests of `tenor lsp` with a real client (pytest-lsp on pygls) over stdio.
#
# Usage: lsp/e2e/run.sh PATH/TO/tenor
# Makes lsp/e2e/.venv with `python3 -m venv` and installs pytest-lsp from PyPI the first time.
# Exits non-zero (with a message) if the environment cannot be made or a test fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tenor=${1:?usage: run.sh PATH/TO/tenor}
venv="$here/.venv"
if ! [ -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv" || { echo "error: cannot create a Python virtual environment at $venv: install python3 with the venv module" >&2; exit 2; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" \
    || { echo "error: cannot install pytest-lsp into $venv (see pip's message above): check the network or a PyPI mirror" >&2; exit 2; }
fi
cd "$here"
TENOR="$tenor" exec "$venv/bin/pytest" -q -p no:cacheprovider "$here/test_server.py"
