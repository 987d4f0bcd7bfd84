"""PostgreSQL for the site: Django's backend with a connection check that costs no round trip."""
