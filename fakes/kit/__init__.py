"""Shared kit of the fakes: clock, ids, fault plan, routing and serving."""
