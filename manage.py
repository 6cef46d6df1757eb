#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "westbund.settings")
    # Commands (migrate, exports, seeding) may run long statements: settings give them
    # the background database limits, not the web's (see "Database" in settings).
    os.environ.setdefault("WESTBUND_PROCESS", "background")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
