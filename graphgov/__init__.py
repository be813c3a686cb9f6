"""graphgov: grassroots-governance registries as one graph."""
__version__ = "0.1.0"
