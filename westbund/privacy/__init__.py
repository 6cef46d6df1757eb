"""Privacy and audit: consents, the privacy log, the audit trail, the personal-data export
and account deletion, and the one path for personal files (``files``).

A project app: it imports no domain app. The apps that hold personal data register it
here (``registry``) from their ``AppConfig.ready``: export sections, personal files and
erasers. Nothing else is needed to export or erase it.
"""
