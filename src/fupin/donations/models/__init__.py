"""Donations: drives, donations, the fund ledger and disbursements."""

from .giving import Channel, Disbursement, Donation, DonationDrive, DonorType
from .ledger import Account, Fund, LedgerLine, LedgerTransaction

__all__ = [
    "Account",
    "Channel",
    "Disbursement",
    "Donation",
    "DonationDrive",
    "DonorType",
    "Fund",
    "LedgerLine",
    "LedgerTransaction",
]
