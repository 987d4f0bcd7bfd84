"""One settings module, configured by environment variables (see README)."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

from fupin.lib.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("FUPIN_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("FUPIN_DEBUG", False)
PRODUCTION = env_bool("FUPIN_PRODUCTION", False)
SECRET_KEY = os.environ.get("FUPIN_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("FUPIN_SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-" + "x" * 60  # never used when FUPIN_PRODUCTION is on
# Encrypts 身份证号 at rest (a Fernet key: `python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`); required in production, a fixed development key elsewhere.
FUPIN_PERSONAL_DATA_KEY = os.environ.get("FUPIN_PERSONAL_DATA_KEY", "")
if not FUPIN_PERSONAL_DATA_KEY:
    if PRODUCTION:
        raise RuntimeError("FUPIN_PERSONAL_DATA_KEY must be set in production")
    FUPIN_PERSONAL_DATA_KEY = "ZGV2LW9ubHktcGVyc29uYWwtZGF0YS1rZXktMzJieXQ="
# Earlier keys, still read while `fupin keys rotate` rewrites what they encrypted (comma-separated, newest first).
FUPIN_PERSONAL_DATA_OLD_KEYS = [
    k.strip() for k in os.environ.get("FUPIN_PERSONAL_DATA_OLD_KEYS", "").split(",") if k.strip()
]
ALLOWED_HOSTS = os.environ.get("FUPIN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks_db",
    "django_ratelimit",
    "fupin.audit",
    "fupin.orgs",
    "fupin.jobs",
    "fupin.phones",
    "fupin.campaigns",
    "fupin.documents",
    "fupin.donations",
    "fupin.households",
    "fupin.pairing",
    "fupin.matching",
    "fupin.publicity",
    "fupin.aid",
    "fupin.volunteers",
    "fupin.commendations",
    "fupin.assessment",
    "fupin.public",
    "fupin.ops",
]

MIDDLEWARE = [
    "fupin.ops.middleware.HealthCheckMiddleware",  # first: /healthz and /readyz answer before anything else
    "fupin.ops.middleware.RequestLogMiddleware",
    "fupin.ops.middleware.DatabaseUnavailableMiddleware",  # a view that lost the database answers a Chinese 503
    "fupin.ops.middleware.StorageFullMiddleware",  # an upload onto a full disk answers a Chinese 507 naming the file
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fupin.public.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fupin.lib.nul_guard.NulCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "fupin.audit.middleware.AuditContextMiddleware",
    "fupin.orgs.middleware.PasswordChangeRequiredMiddleware",
    "fupin.orgs.middleware.SlidingSessionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fupin.urls"
WSGI_APPLICATION = "fupin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fupin.orgs.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fupin.sqlite3'}"),
        # Each worker keeps its connection (checked before reuse) rather than opening one per request, which
        # costs PostgreSQL a new backend process every time.
        conn_max_age=int(os.environ.get("FUPIN_DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, with a health check that polls the socket rather than a `SELECT 1` per request.
    DATABASES["default"]["ENGINE"] = "fupin.ops.postgresql"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the live server and the test process share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id (memory-hard) at OWASP's recommended setting (19 MiB, t=2, one lane), chosen as Django's documentation
# describes, and at most FUPIN_PASSWORD_HASHES_AT_ONCE hashes at once per server process (fupin.orgs.hashers), so
# a crowd signing in does not starve the public pages. Passwords stored with PBKDF2 or at other Argon2 parameters
# still verify and are stored again at these at their next sign-in.
PASSWORD_HASHERS = [
    "fupin.orgs.hashers.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "fupin.orgs.passwords.TemporaryPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fupin.orgs.passwords.CharacterClassValidator"},
    {"NAME": "fupin.orgs.passwords.PasswordHistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# 等保 2.0 level 2: idle sessions end after FUPIN_IDLE_MINUTES; use extends the session.
SESSION_COOKIE_AGE = int(os.environ.get("FUPIN_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False  # fupin.orgs.middleware.SlidingSessionMiddleware slides it, once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Lockout after repeated failures, per account (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("FUPIN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("FUPIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Lock the account, not the address: a whole school behind one NAT address must not be locked out
# by one person's typos (axes warns that per-address limits are then off).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION  # outside production, no collectstatic needed to see changes
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/chartjs", PROJECT_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/swagger-ui", PROJECT_DIR / "node_modules" / "swagger-ui-dist"),
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "fupin.lib.storage.LocalStorage"},  # a failed save (a full disk) leaves no partial file
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# With FUPIN_S3_BUCKET, uploads go to an S3-compatible store every app server and worker reads; objects stay
# private (the bucket's default ACL) and any link to one is signed and short-lived.
if os.environ.get("FUPIN_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["FUPIN_S3_BUCKET"],
            "endpoint_url": os.environ.get("FUPIN_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("FUPIN_S3_REGION") or None,
            "access_key": os.environ.get("FUPIN_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("FUPIN_S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": os.environ.get("FUPIN_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("FUPIN_S3_URL_SECONDS", "300")),
            "file_overwrite": False,
        },
    }
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Request size caps (BAD_INPUTS.md: HTTP).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 50
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FUPIN_MAX_UPLOAD_BYTES = 20 * 1024 * 1024

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
CSRF_FAILURE_VIEW = "fupin.public.views.csrf_failure"
# Behind the site's own reverse proxy, the client's address (audit trail, limits on public forms) is the one the
# proxy appends to X-Forwarded-For; without one, that header is the client's to forge and is ignored.
FUPIN_TRUSTED_PROXY = env_bool("FUPIN_TRUSTED_PROXY", False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("FUPIN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Reminders go by email: SMTP in production (FUPIN_SMTP_*), the console elsewhere.
if PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("FUPIN_SMTP_HOST", "localhost"),
                "port": int(os.environ.get("FUPIN_SMTP_PORT", "25")),
                "username": os.environ.get("FUPIN_SMTP_USER", ""),
                "password": os.environ.get("FUPIN_SMTP_PASSWORD", ""),
                "use_tls": env_bool("FUPIN_SMTP_TLS", False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("FUPIN_FROM_EMAIL", "fupin@localhost")
# Texts to phones (claim codes) go through the mail backend to an email-to-SMS gateway address.
SMS_EMAIL_GATEWAY = os.environ.get("FUPIN_SMS_EMAIL_GATEWAY", "{phone}@sms.localhost")

# FUPIN_LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request id, user, path, status,
# duration) for a log collector; plain text is the development default.
LOGGING = logging_config(os.environ.get("FUPIN_LOG_FORMAT", "plain"), os.environ.get("FUPIN_LOG_LEVEL", "INFO"))

# A cache every app server shares (a database table, made by the donations migrations): the limits on public
# writes count there, never in one process. Django's database cache increments by read-then-write, so two
# requests at the same instant may count once: a limit against floods, not an exact quota.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # the counters every app server shares, each count one statement (fupin.lib.counter_cache)
    "shared": {"BACKEND": "fupin.lib.counter_cache.CountingDatabaseCache", "LOCATION": "fupin_shared_cache"},
}
RATELIMIT_USE_CACHE = "shared"
# django-ratelimit knows only Django's own database cache, whose increment is not atomic; ours is one UPDATE.
SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
# Public pledges, concerns and withdrawals allowed per client address ("N/s|m|h|d" each).
FUPIN_PUBLIC_WRITE_RATE = os.environ.get("FUPIN_PUBLIC_WRITE_RATE", "20/h")

# Background work (archive builds, reminder mail) is stored in the database and run by `fupin worker`. The
# immediate backend runs it inside the request; the tests use it, production refuses it (`check --deploy`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("FUPIN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# How many app servers serve the site: above one, `check --deploy` refuses the immediate task backend, uploads
# on local disk and sessions kept in one process or folder (fupin.ops.checks).
FUPIN_APP_SERVERS = int(os.environ.get("FUPIN_APP_SERVERS") or "1")
# A task running longer than this whose worker went silent on another machine is queued again (fupin.worker).
FUPIN_TASK_LEASE_SECONDS = int(os.environ.get("FUPIN_TASK_LEASE_SECONDS", "3600"))
# An export of more rows than this is built by the worker (with a progress page) instead of in the request.
FUPIN_EXPORT_BACKGROUND_ROWS = int(os.environ.get("FUPIN_EXPORT_BACKGROUND_ROWS", "2000"))

# The unit-tree import refuses sheets larger than this (BAD_INPUTS.md: spreadsheets).
FUPIN_UNIT_IMPORT_MAX_ROWS = int(os.environ.get("FUPIN_UNIT_IMPORT_MAX_ROWS", "20000"))
FUPIN_MEMBER_IMPORT_MAX_ROWS = int(os.environ.get("FUPIN_MEMBER_IMPORT_MAX_ROWS", "2000"))
FUPIN_HOUSEHOLD_IMPORT_MAX_ROWS = int(os.environ.get("FUPIN_HOUSEHOLD_IMPORT_MAX_ROWS", "100000"))
FUPIN_STUDENT_IMPORT_MAX_ROWS = int(os.environ.get("FUPIN_STUDENT_IMPORT_MAX_ROWS", "100000"))
