"""Checkout root. The harness's plugin, fixtures and step library come from its entry point
(``dcr_harness``), as in any repository where dcr-harness is installed, so nothing is loaded
here. The top-level ``fakes/``, ``steps/`` and ``features/`` are the package's own folders
(``dcr_harness/fakes`` and so on are links to them): collected under their top-level names they
would be imported twice, so pytest never collects them here."""

collect_ignore = ["fakes", "steps", "features", "dcr_harness", "benchmarks", "examples"]
