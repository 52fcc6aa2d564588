#!/usr/bin/env bash
# Starts the reference stack, runs a command against it, and stops the stack again, also when the
# command fails or is interrupted. The command's exit code is returned.
#
#   scripts/with-stack.sh STATE_DIR [stackctl start options...] -- COMMAND [ARGS...]
#
# The stack's env file is STATE_DIR/stack.env.
set -uo pipefail
cd "$(dirname "$0")/.."

state_dir=${1:?usage: scripts/with-stack.sh STATE_DIR [start options] -- COMMAND...}
shift
start_options=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  start_options+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "with-stack: no command given after --" >&2; exit 2; }

python=Fixtures/stack/.venv/bin/python
stop_stack() {
  "$python" Fixtures/stack/stackctl.py stop --state-dir "$state_dir" >/dev/null || true
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

"$python" Fixtures/stack/stackctl.py start --state-dir "$state_dir" "${start_options[@]+"${start_options[@]}"}" || exit 2
"$@"
