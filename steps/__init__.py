"""Step definitions by domain: thin glue between the how-to's words and the harness clients."""
