"""The pages of the campaigns app, one module per area; urls.py joins their url lists."""
