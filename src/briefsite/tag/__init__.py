"""Tag: find actors, dates and claims in briefing text."""
