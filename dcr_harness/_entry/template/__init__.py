"""The files ``dcr-harness init`` writes into a team's repository (this file excepted).

They are real code and YAML, linted and type-checked with the package, and the project's tests
run them from a scaffolded directory as a team would.
"""
