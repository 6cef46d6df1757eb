"""Settings of the West Bund Talent Hub portal.

One module for every mode: everything that differs between a laptop and production
comes from the environment (see README, "Environment"). With nothing set the portal
runs on SQLite, runs Celery tasks eagerly in-process and prints e-mail to the console.
``DJANGO_ENV=production`` turns on the hardening that ``check --deploy`` asks for and
refuses to start without a real secret key.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from westbund.core.countries import COUNTRY_NAME_OVERRIDES

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# ------------------------------------------------------------------------------
# Mode
# ------------------------------------------------------------------------------
DJANGO_ENV = env("DJANGO_ENV", default="development")
IS_PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not IS_PRODUCTION)

if IS_PRODUCTION:
    # No default: a production node must never run with a key from the repository.
    SECRET_KEY = env("DJANGO_SECRET_KEY")
else:
    SECRET_KEY = env(
        "DJANGO_SECRET_KEY",
        default="dev-only-insecure-key-7b1c0e5f2a9d4c3b8e6f1a0d9c8b7a6e5f4d3c2b1a0",
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "westbund.core.views.csrf_failure"

SITE_NAME = "West Bund Talent Hub"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap 5 CSS/JS served as our own static files
    "django_countries",
    "phonenumber_field",
]
LOCAL_APPS = [
    "westbund.accounts",
    "westbund.core",
    "westbund.portal",
    "westbund.notifications",
    "westbund.privacy",
    "talent",
    "enterprises",
    "services",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "westbund.core.middleware.SecurityHeadersMiddleware",
    "westbund.core.badbytes.BadBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After LocaleMiddleware and authentication: the admin follows preferred_language.
    "westbund.accounts.middleware.AdminLanguageMiddleware",
    "westbund.accounts.middleware.StaffTwoFactorMiddleware",
]

if IS_PRODUCTION:
    # Whitenoise serves the collected, hashed and compressed files; in development
    # runserver and the test live server serve them from the finders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "westbund.urls"
WSGI_APPLICATION = "westbund.wsgi.application"
ASGI_APPLICATION = "westbund.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "westbund.core.context_processors.site",
                "westbund.notifications.context_processors.unread",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections: a new PostgreSQL connection costs ~4 ms, more than most pages.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Fail soft on a stalled database: a web worker gives up connecting after a few seconds
# and on a statement after DJANGO_DB_STATEMENT_TIMEOUT_MS, instead of hanging until
# gunicorn kills it. Commands and Celery processes may run long statements (migrations,
# exports, digests): they use DJANGO_DB_BACKGROUND_STATEMENT_TIMEOUT_MS (0: none).
# manage.py declares itself with WESTBUND_PROCESS=background; Celery's worker and beat
# switch when they start (westbund/celery.py, westbund/core/db.py). Anything else is web.
WESTBUND_PROCESS = env("WESTBUND_PROCESS", default="web")
DB_CONNECT_TIMEOUT = env.int("DJANGO_DB_CONNECT_TIMEOUT", default=3)
DB_STATEMENT_TIMEOUT_MS = env.int("DJANGO_DB_STATEMENT_TIMEOUT_MS", default=15_000)
DB_BACKGROUND_STATEMENT_TIMEOUT_MS = env.int("DJANGO_DB_BACKGROUND_STATEMENT_TIMEOUT_MS", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = DB_CONNECT_TIMEOUT
    _statement_timeout = (
        DB_STATEMENT_TIMEOUT_MS if WESTBUND_PROCESS == "web" else DB_BACKGROUND_STATEMENT_TIMEOUT_MS
    )
    DATABASES["default"]["OPTIONS"]["options"] = f"-c statement_timeout={_statement_timeout}"

# ------------------------------------------------------------------------------
# Redis: Celery broker and cache (absent: eager Celery, local-memory cache)
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

REDIS_CACHE_OPTIONS = {
    # Redis answers on the local network in well under a millisecond: one that takes
    # longer than this is treated as down.
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
    # After a failure, no call tries Redis again for this long.
    "CIRCUIT_SECONDS": 5,
    # While Redis is down these fall back to memory per process (SECURITY.md):
    # allauth's rate-limit counters, so sign-in limits keep holding, and its record of
    # used TOTP codes, without which every officer's code would be refused as replayed.
    "LOCAL_FALLBACK_KEY_PREFIXES": ["allauth:rl:", "allauth.mfa.totp.used"],
}
if REDIS_URL:
    CACHES = {
        "default": {
            # Fail soft: Redis down is a cache miss, not an error page (redis_cache.py).
            "BACKEND": "westbund.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "westbund",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages are served from the cache for at most this long (any write to
# public content invalidates them at once, see westbund/core/cache.py).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)

# Sessions live in the shared database (any web node serves any request), without a
# cache in front: with cached_db a sign-out during a Redis outage deletes the row but
# not the cached copy, which would sign the old cookie in again once Redis is back. One
# primary-key read per signed-in request is the price.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fix-up closes every database connection before and after each task
# unless this is set: a new PostgreSQL connection per notification was a third of the
# worker's time (docs/performance.md, "Notifications"). With it, the fix-up closes them
# only every DB_REUSE_MAX tasks, and westbund/celery.py applies CONN_MAX_AGE and
# CONN_HEALTH_CHECKS around each task as Django does around each request.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must not hang when the broker is down: one connection attempt with a
# short connect timeout (max_retries 0: no second try), and notifications enqueue with
# retry=False behind a circuit (westbund/notifications/actions.py); the outbox sweeper
# re-enqueues what could not be sent. The worker's own reconnection to the broker
# follows CELERY_BROKER_CONNECTION_MAX_RETRIES, not these.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 0.25,
    # Also bounds a broker that accepts and then answers nothing: such a stall costs
    # one request 0.5 s, then the enqueue circuit keeps the others off it for 10 s.
    # Commands to Redis take well under a millisecond; the worker's BRPOP is read by
    # the event loop when the reply is there, so this does not cut it short.
    "socket_timeout": 0.5,
    # A task taken but not acknowledged (acks_late) goes back to the queue after this
    # long. A retry waits in the worker, unacknowledged, until its countdown: the
    # longest is 240 s (deliver_notification's BACKOFF_SECONDS), so a timeout below
    # that would hand the waiting retry to a second worker. 15 minutes is well above
    # it and still re-runs the task of a killed worker the same quarter hour (the
    # sweeper catches those after NOTIFICATION_STALE_AFTER_SECONDS anyway).
    # Delivery is at-least-once; receivers de-duplicate by the stable Message-ID
    # (westbund/notifications/kinds.md).
    "visibility_timeout": 900,
}
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-notifications": {
        "task": "westbund.notifications.tasks.sweep_pending_notifications",
        # Short in `make chaos`, so that recovery is measured in seconds.
        "schedule": env.float("NOTIFICATION_SWEEP_SECONDS", default=60.0),
    },
    # Shortly after midnight in Shanghai (CELERY_TIMEZONE): roles whose deadline was
    # yesterday leave the board, then reminders for deadlines three days away.
    "close-expired-roles": {
        "task": "enterprises.tasks.close_expired_roles",
        "schedule": crontab(hour=0, minute=5),
    },
    # Offers whose expiry date was yesterday expire (idempotent: only open ones move).
    "expire-offers": {
        "task": "talent.tasks.expire_offers",
        "schedule": crontab(hour=0, minute=10),
    },
    "send-role-deadline-reminders": {
        "task": "enterprises.tasks.send_role_deadline_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    # Each morning in Shanghai: one digest per professional of yesterday's new roles
    # matching their job alerts.
    "send-job-alert-digests": {
        "task": "talent.tasks.send_job_alert_digests",
        "schedule": crontab(hour=8, minute=30),
    },
    # CV texts whose extraction task was lost (broker down at upload time).
    "extract-pending-cv-texts": {
        "task": "talent.tasks.extract_pending_cv_texts",
        "schedule": 600.0,
    },
    # Every hour: the day-before reminder of interviews starting within 24 hours.
    "send-interview-reminders": {
        "task": "talent.tasks.send_interview_reminders",
        "schedule": crontab(minute=20),
    },
    # The officers' analytics and the public "Hub in numbers" read small tables rebuilt
    # each hour (a few seconds' work at a million applications).
    "rebuild-recruitment-figures": {
        "task": "talent.tasks.rebuild_recruitment_figures",
        "schedule": crontab(minute=10),
    },
    "flag-duplicate-profiles": {
        "task": "talent.tasks.flag_duplicate_profiles",
        "schedule": crontab(minute=40),
    },
    # Talent-apartment offers not answered by their deadline lapse.
    "expire-apartment-offers": {
        "task": "services.tasks.expire_apartment_offers",
        "schedule": crontab(minute="*/15"),
    },
}

# ------------------------------------------------------------------------------
# Notifications
# ------------------------------------------------------------------------------
# Absolute links in e-mails start with this.
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000")
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
# A pending notification untouched for this long had its task lost: enqueue it again.
NOTIFICATION_STALE_AFTER_SECONDS = env.int("NOTIFICATION_STALE_AFTER_SECONDS", default=300)
# A delivery's own transaction (the "sent" mark) commits without waiting for the disk:
# see westbund/notifications/actions.py and kinds.md, "Delivery". false: wait.
NOTIFICATION_ASYNCHRONOUS_COMMIT = env.bool("NOTIFICATION_ASYNCHRONOUS_COMMIT", default=True)

# ------------------------------------------------------------------------------
# Authentication (django-allauth 65.x)
# ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "talent:me"
ACCOUNT_ADAPTER = "westbund.accounts.adapters.AccountAdapter"
MFA_ADAPTER = "westbund.accounts.mfa.MFAAdapter"
# Signed in "as 林伟" on Chinese pages, as /me/ greets them.
ACCOUNT_USER_DISPLAY = "talent.names.user_display"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[West Bund Talent Hub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if IS_PRODUCTION else "http"
ACCOUNT_PREVENT_ENUMERATION = True
# Two-factor authentication (required of staff for /admin/, see accounts.middleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "West Bund Talent Hub"
# allauth's own defaults are on; written out so that a reader sees the limits in force.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# ------------------------------------------------------------------------------
# Internationalisation
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# One date and time format per language (westbund/formats/<locale>/formats.py).
FORMAT_MODULE_PATH = ["westbund.formats"]
# Country names as the PRC names them, everywhere django-countries shows one.
COUNTRIES_OVERRIDE = COUNTRY_NAME_OVERRIDES

# ------------------------------------------------------------------------------
# Static files and uploads
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Private uploads (CVs, service request attachments): never under MEDIA_URL, served only by
# permission-checked views. A shared volume in production, like MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Personal files (westbund.privacy.files): under PRIVATE_MEDIA_ROOT, no URL.
    "private": {"BACKEND": "westbund.privacy.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ------------------------------------------------------------------------------
# E-mail
# ------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="West Bund Talent Hub <noreply@talent.westbund.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A hung SMTP server must not hold a delivery task past the broker's visibility timeout.
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)

# ------------------------------------------------------------------------------
# Security
# ------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
