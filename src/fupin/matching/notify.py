"""Telling people about their wishes: a text to a phone goes through the mail backend to the SMS gateway's
address (the console in the demo), and an expired claim is told to its claimant."""

from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from fupin.phones.services import send_text

from .models import WishClaim


def claim_expired(claim_id: int) -> None:
    claim = WishClaim.objects.select_related("wish__unit", "user").get(pk=claim_id)
    message = _("【扶贫日】您认领的微心愿「%(w)s」未在期限内送达,认领已失效,心愿已重新开放认领。") % {
        "w": claim.wish.title
    }
    if claim.phone:
        send_text(claim.phone, message)
    elif claim.user is not None and claim.user.email:
        EmailMessage(_("微心愿认领已失效"), message, None, [claim.user.email]).send()
