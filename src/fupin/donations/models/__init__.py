"""Donations: drives, donations, the fund ledger and disbursements."""

from .giving import Channel, Disbursement, Donation, DonationDrive, DonorType
from .ledger import Account, AccountTotal, Fund, LedgerLine, LedgerTransaction

__all__ = [
    "Account",
    "AccountTotal",
    "Channel",
    "Disbursement",
    "Donation",
    "DonationDrive",
    "DonorType",
    "Fund",
    "LedgerLine",
    "LedgerTransaction",
]
from .boxes import BoxOpening, DonationBox
from .review import EnterpriseNomination, QuotaClearance, QuotaOutcome

__all__ += ["BoxOpening", "DonationBox", "EnterpriseNomination", "QuotaClearance", "QuotaOutcome"]
from .public import Concern, DisclosureTally, Pledge, Receipt  # noqa: E402

__all__ += ["Concern", "DisclosureTally", "Pledge", "Receipt"]
from .goods import GoodsHandout  # noqa: E402

__all__ += ["GoodsHandout"]
from .transfers import Transfer  # noqa: E402

__all__ += ["Transfer"]
from .reversals import Reversal  # noqa: E402

__all__ += ["Reversal"]
