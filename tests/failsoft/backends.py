"""A mail server that takes the message and then drops the line before confirming it:
the sender cannot tell, tries again, and the receiver gets the message twice."""

import copy
import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

_seen: set[str] = set()


class AcceptedThenDroppedBackend(BaseEmailBackend):
    """The first attempt of each message is delivered *and* reported as failed."""

    def send_messages(self, email_messages):
        for message in email_messages:
            message.message()  # renders the headers as the wire would carry them
            mail.outbox.append(copy.deepcopy(message))
            key = message.extra_headers.get("X-Westbund-Notification", "")
            if key not in _seen:
                _seen.add(key)
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return len(email_messages)
