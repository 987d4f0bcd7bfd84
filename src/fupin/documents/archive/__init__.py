"""存档备查: one .zip per campaign and unit subtree, streamed, never held whole in memory."""
