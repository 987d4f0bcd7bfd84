"""年度考核: every unit's score from what it actually did, with the reason for every point."""
