"""Clients of Okta, Konnect, the Dev Portal and the data plane, each on an injected httpx.Client."""
