"""Donation pages, one module per area; urls.py joins their url lists."""
