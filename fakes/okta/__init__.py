"""A working fake of one Okta org: custom authorization servers (discovery, JWKS, the
client_credentials token endpoint, introspect, revoke), Dynamic Client Registration and the
Management API parts the DCR how-to uses. The same ``FakeOkta.handle`` serves in process
(``httpx.MockTransport``) and over HTTP (``fakes.kit.server.ServedHandler``, with ``org_url`` the
served URL); ``tests/fakes/okta`` runs every test both ways.

Deliberate deviations from real Okta ([I] = our reading where public sources are silent):

- Authentication: only ``SSWS`` API tokens open the Management API and DCR; ``Bearer`` answers
  401 E0000011 (the fake mints no ``okta.*`` scoped tokens). API tokens cannot be created
  through the API (as in Okta): ``seed_api_token`` stands in for the Admin Console, and
  ``state.restrict_api_token`` for an admin without write rights (403 E0000006 on writes).
- A fresh org has no apps (real orgs list Okta's built-in ones) and its ``default`` server no
  access policy (as Integrator Free Plan orgs; older orgs may have one).
- Unknown paths answer 404 E0000008 in JSON everywhere (Okta serves HTML outside ``/api``);
  wrong methods 405 E0000022.
- Grants: only client_credentials. Another grant the client is registered for answers
  ``unsupported_grant_type``; JWT client authentication (``client_assertion``) the generic
  ``invalid_client``; the org server refuses client_credentials (it needs ``private_key_jwt``)
  and mints nothing, so its introspection answers ``{"active": false}``.
- Token checks run in the order client authentication, grant type, scopes (OIDC scopes,
  unknown, consent), policy and rule [I]. Every system scope (not only openid, profile, email,
  phone) gets "Cannot request 'openid' scopes..." [I]. A rule that does not cover the requested
  scopes is skipped (Okta support article), so configuration never yields ``no_scope_allowed``
  or ``scope_denied``: the fault plan does (``oauth_fault(errors.NO_SCOPE_ALLOWED)``).
- Claims: EXPRESSION values limited to ``app.clientId``, ``app.clientName``, string literals
  and the system ``sub`` expression; any other expression is refused when the claim is created
  (400 E0000001 whose cause says the fake cannot evaluate it), never minted wrong. A claim with
  ``conditions.scopes: []`` goes into every token [I]; reserved names never override reserved
  claims [I].
- Servers: an INACTIVE server answers like an unknown one, 404 E0000007, on its protocol
  endpoints [I]; so do keys, token, introspect and revoke of an unknown server (SPEC-O documents
  the 404 on discovery only). Discovery's ``client_id`` parameter is checked (400 when unknown)
  but does not change the issuer.
- Keys: RSA keys come from a process pool (kids are RFC 7638 thumbprints). A rotation keeps
  every previous key published (listed as EXPIRED) until ``state.retire_keys``; Okta drops old
  keys on its own schedule.
- DCR: an unknown client is 404 E0000007 (current SPEC-O; legacy docs said 401
  ``invalid_client``). Only the ``client_name`` text of ``invalid_client_metadata`` is
  documented; the others are worded alike [I]. Secrets have 64 characters and the app's label is
  the ``client_name`` [I].
- Management validation: 400 E0000001 with causes ``<field>: <message>`` (messages [I]), also
  for duplicate names and for changing or deleting a system scope or claim [I]. The resource a
  path names is looked up first, so an unknown one is 404 whatever the body [I]. ``/api/v1/apps``
  filters ``status|name|id|label eq "..."`` only (else 400 E0000031 [I]).
- Rate limit: one 600-per-minute bucket for the whole Management and DCR surface [I] (Okta
  keeps one per endpoint family); protocol endpoints (token, keys...) are not counted and carry
  no ``X-Rate-Limit-*`` headers.
- Multiple client credentials answer 401, as Okta's error catalogue says (SPEC-O's example
  sits under 400).
- Served over HTTP: plain http on 127.0.0.1 (no TLS); a fault plan's dropped connection is a
  closed connection (``RemoteProtocolError``) instead of the in-process ``ConnectError``.
"""

from __future__ import annotations

from dcr_harness.fakes.okta.app import ROUTES, FakeOkta
from dcr_harness.fakes.okta.faults import api_fault, oauth_fault, rate_limit_fault

__all__ = ["ROUTES", "FakeOkta", "api_fault", "oauth_fault", "rate_limit_fault"]
