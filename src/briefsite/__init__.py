"""briefsite: a static-site generator for policy-analysis briefing archives."""

__version__ = "0.1.0"
