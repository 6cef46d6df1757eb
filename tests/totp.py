"""The authenticator codes tests type in: one secret and one way to read the code."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

SECRET = "JBSWY3DPEHPK3PXPWESTBUND"
PERIOD = 30


def current_code(secret: str = SECRET, *, margin: float = 8.0) -> str:
    """The code of the current 30-second window, waiting for the next window when
    fewer than ``margin`` seconds are left: allauth accepts only the current window
    (no tolerance), and a code read at 29.9 s and checked at 30.1 s fails, which a
    loaded machine turns into a flaky test."""
    left = PERIOD - time.time() % PERIOD
    if left < margin:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD))
