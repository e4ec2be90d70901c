"""dcr-harness: executable verification of Okta as the DCR provider of Kong Konnect's Dev Portal.

The package holds what talks HTTP identically to fakes and live tenants: configuration, the
transport (the one place the target is chosen), authentication, clients, models, the cleanup
ledger, redaction, the pytest plugin and the command line.
"""
