"""What the plugin stores on pytest's config for the fixtures: kept apart from both, so the
fixture module is first imported when pytest registers it (and its asserts are rewritten)."""

from __future__ import annotations

import pytest

from dcr_harness._core.config import HarnessConfig

CONFIG_KEY = pytest.StashKey[HarnessConfig]()
RUN_ID_KEY = pytest.StashKey[str]()
