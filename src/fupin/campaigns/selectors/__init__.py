"""Every read of the campaigns app, already scoped to the reader."""
