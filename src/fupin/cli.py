"""The `fupin` command: Django's management commands with the project's settings, plus `fupin worker`."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    argv = ["fupin", *sys.argv[1:]]
    if argv[1:2] == ["worker"]:
        import django

        django.setup()
        from fupin.worker import Command

        Command().run_from_argv(argv)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
