"""Shared by the benchmark and chaos commands: signed-in sessions for the demo accounts,
the environment of a production-like web node."""

import os
import time
from importlib import import_module

from django.conf import settings

DEMO_KEYS = {"professional": "professional", "recruiter": "recruiter_a", "officer": "officer"}


def demo_session_key(who: str) -> str:
    """A session of a demo account as after password and (for staff) TOTP sign-in."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from westbund.portal.demo import ensure_demo_accounts

    if who not in DEMO_KEYS:
        raise ValueError(f"unknown account {who!r}: one of {', '.join(DEMO_KEYS)}")
    user = ensure_demo_accounts()[DEMO_KEYS[who]]
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = time.time()
    store[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    store[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    store.create()
    return store.session_key


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production-like node the harness starts on loopback (web,
    worker): production settings over plain HTTP (a TLS terminator sits in front in
    production), and none of the test runner's own settings. ``extra`` adds to it."""
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        # The sessions the harness makes are signed with this process's key.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env
