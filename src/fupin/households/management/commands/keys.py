"""`fupin keys rotate [--batch N]`: after a new FUPIN_PERSONAL_DATA_KEY (the old one moved to
FUPIN_PERSONAL_DATA_OLD_KEYS), rewrite every stored number and keyed hash under the new key."""

from django.core.management.base import BaseCommand, CommandParser

from fupin.households.key_rotation import rotate_keys


class Command(BaseCommand):
    help = "Personal data keys: `rotate` re-encrypts every stored 身份证号 and bank card number under the current key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="re-encrypt and re-hash under FUPIN_PERSONAL_DATA_KEY, in batches")
        rotate.add_argument("--batch", type=int, default=1000, help="rows per transaction (default 1000)")

    def handle(self, *args, action: str, batch: int = 1000, **options) -> None:
        for label, count in rotate_keys(batch=max(batch, 1)).items():
            self.stdout.write(f"{label}: {count}")
