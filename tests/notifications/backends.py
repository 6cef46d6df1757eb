"""E-mail backends that behave like broken or recovered SMTP servers."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class WorkerDiesOnThirdMessageBackend(BaseEmailBackend):
    """Takes two messages into ``mail.outbox``, then the process dies (SystemExit is
    not an ``Exception``: nothing in delivery catches it, as with a killed worker)."""

    def send_messages(self, email_messages):
        from django.core import mail

        if len(mail.outbox) >= 2:
            raise SystemExit("worker killed")
        mail.outbox.extend(email_messages)
        return len(email_messages)


class FailsFirstAttemptOfSecondBackend(BaseEmailBackend):
    """Refuses the first attempt of the second notification it is given; takes the rest
    into ``mail.outbox``."""

    refused = set()

    def send_messages(self, email_messages):
        from django.core import mail

        for message in email_messages:
            notification_id = message.extra_headers["X-Westbund-Notification"]
            seen = {m.extra_headers["X-Westbund-Notification"] for m in mail.outbox}
            if len(seen) == 1 and notification_id not in seen | self.refused:
                self.refused.add(notification_id)
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            mail.outbox.append(message)
        return len(email_messages)
