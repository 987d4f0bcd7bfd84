"""Every write of the campaigns app; each service is atomic and leaves an audit row."""
