"""Adapters (适配器): the toolkit inside other frameworks (spaCy)."""
