"""schemathesis hooks for Palisade's admin API (SCHEMATHESIS_HOOKS; see schemathesis.toml beside this file).

`role_refusal` sends every request schemathesis makes as the admin again, byte for byte, as each administrator whose
role is below the operation's least role (`x-palisade-role` in the document), then with no token and with a token
that was never issued: whatever the request says, the lesser roles must get 403 and the others 401. The lesser
administrators' tokens come in PALISADE_ROLE_TOKENS, a JSON object from role name to token.
"""

import json
import os

import requests
import schemathesis

ROLES = ["viewer", "operator", "approver", "admin"]
TOKENS = json.loads(os.environ.get("PALISADE_ROLE_TOKENS", "{}"))
NEVER_ISSUED = "pal_" + "A" * 43


@schemathesis.check
def role_refusal(ctx, response, case):
    least = case.operation.definition.raw.get("x-palisade-role")
    sent = response.request
    if least is None or sent.method.upper() != case.operation.method.upper():
        return None  # GET /health needs no token; an undocumented method is unsupported_method's to judge
    if response.status_code == 404 and "no such route" in response.text:
        return None  # the generated path reached no route at all, so it says nothing about this one's roles
    callers = [(f"a {role}", TOKENS[role], 403) for role in ROLES[: ROLES.index(least)] if role in TOKENS]
    callers += [("no token", None, 401), ("a token never issued", NEVER_ISSUED, 401)]
    for caller, token, expected in callers:
        headers = {name: value for name, value in sent.headers.items() if name.lower() != "authorization"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        answer = requests.request(sent.method, sent.url, headers=headers, data=sent.body, timeout=30, allow_redirects=False)
        if answer.status_code != expected:
            raise AssertionError(
                f"{case.operation.label} needs {least}; as {caller} it answered {answer.status_code}, "
                f"not {expected}: {answer.text[:200]!r}"
            )
    return True


@schemathesis.hook
def map_case(ctx, case):
    """A cursor is opaque: only the server makes one, and it refuses (400) any it did not. A schema-valid string the
    fuzzer invents is still not one, so valid (positive) cases start from the first page; invalid ones keep theirs."""
    if case.query and "cursor" in case.query and case.meta is not None and case.meta.generation.mode.is_positive:
        case.query = {name: value for name, value in case.query.items() if name != "cursor"}
    return case
