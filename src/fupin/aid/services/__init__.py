"""Every write of student aid: validated, in one transaction, recorded in the audit trail."""
