"""Benchmarks of the harness and its fakes: ``python -m benchmarks`` (see ``BENCHMARKS.md``).

Figures only: nothing here asserts a time. Each section is a module with a ``run`` function that
returns a ``Section`` of named figures; ``__main__`` prints them with the machine's description.
"""
