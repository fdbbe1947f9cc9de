#!/usr/bin/env bash
# Prints a sample event with REPLACE_WITH_TOKEN replaced by a real user app token, for
#   sam local invoke AuthorizerFunction -e <(infra/events/with-token.sh infra/events/http-api-allow.json)
# The token comes from the second argument, else $UAT_TOKEN, else infra/local/.state/admin.token.
set -euo pipefail
event="${1:?usage: with-token.sh EVENT.json [TOKEN]}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
token="${2:-${UAT_TOKEN:-}}"
if [[ -z "$token" && -r "$here/../local/.state/admin.token" ]]; then
  token="$(tr -d '[:space:]' < "$here/../local/.state/admin.token")"
fi
if [[ ! "$token" =~ ^uat_[0-9A-Za-z]{44}$ ]]; then
  echo "with-token.sh: no user app token (give one, set UAT_TOKEN, or run infra/local/start-api first)" >&2
  exit 2
fi
sed "s/REPLACE_WITH_TOKEN/$token/g" "$event"
