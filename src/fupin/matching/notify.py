"""Telling people about their wishes: a text to a phone goes through the mail backend to the SMS gateway's
address (the console in the demo), and an expired claim is told to its claimant."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from .models import WishClaim


def send_text(phone: str, message: str) -> None:
    """One short message to a mobile number through the configured gateway."""
    EmailMessage(_("短信"), message, None, [settings.SMS_EMAIL_GATEWAY.format(phone=phone)]).send()


def claim_expired(claim_id: int) -> None:
    claim = WishClaim.objects.select_related("wish__unit", "user").get(pk=claim_id)
    message = _("【扶贫日】您认领的微心愿「%(w)s」未在期限内送达,认领已失效,心愿已重新开放认领。") % {
        "w": claim.wish.title
    }
    if claim.phone:
        send_text(claim.phone, message)
    elif claim.user is not None and claim.user.email:
        EmailMessage(_("微心愿认领已失效"), message, None, [claim.user.email]).send()
