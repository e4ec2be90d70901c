"""What the reports carry beyond pass and fail: every HTTP exchange a scenario made, with a
curl command that reproduces it; the setup under test; Allure's labels and categories; the
self-contained HTML report."""
