"""Django settings for Jämlik, read from the environment.

Defaults suit a developer's machine (SQLite under ``var/``, DEBUG on unless DJANGO_DEBUG turns it off);
production sets ``DJANGO_ENV=production`` and gets strict security settings and required secrets.
"""

from __future__ import annotations

import os
import sys
import typing
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

if typing.TYPE_CHECKING:  # not `from typing import TYPE_CHECKING`: Django would read it as a setting
    from dj_database_url import DBConfig

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("JAMLIK_VAR_DIR", REPO_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "jamlik.core",
    "jamlik.goals",
    "jamlik.processes",
    "jamlik.proposals",
    "jamlik.indicators",
    "jamlik.labour",
    "jamlik.events",
    "jamlik.reports",
    "django_tasks_db",
    "jamlik.api",
    "jamlik.followup",
    "jamlik.casework",
    "jamlik.kpis",
    "jamlik.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "js_lib_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jamlik.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jamlik.api.clean_input.RefuseControlCharactersMiddleware",
    "jamlik.api.idempotency.IdempotencyMiddleware",
    "jamlik.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jamlik.core.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jamlik.urls"
CSRF_FAILURE_VIEW = "jamlik.core.errors.csrf_failure"
WSGI_APPLICATION = "jamlik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jamlik.core.context_processors.navigation",
            ],
        },
    },
]


def database_from_env() -> DBConfig:
    """Parse DATABASE_URL, failing with one line that says what is wrong.

    Without DATABASE_URL a developer gets a SQLite file under var/; production must say where its
    database is, because silently writing to a local file there would lose data.
    """
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        if PRODUCTION:
            raise ImproperlyConfigured("DATABASE_URL is not set; production needs a PostgreSQL database URL")
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'jamlik.sqlite3'}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL has the unsupported scheme {scheme!r}; use sqlite:///PATH or postgresql://USER@HOST:PORT/NAME"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None
    if config["ENGINE"] != "django.db.backends.sqlite3" and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database (add /NAME at the end)")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
        )
    config.setdefault("TEST", {})
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "jamlik.core.backends.AdministratorRoleBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, with the password check switchable off (JAMLIK_LOCAL_LOGIN).
    "jamlik.core.backends.LocalPasswordBackend",
    "jamlik.core.backends.SingleSignOnBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login lockout: after this many failures for one user name within the window, logins are refused.
LOGIN_FAILURE_LIMIT = env_int("JAMLIK_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("JAMLIK_LOGIN_LOCKOUT_MINUTES", 15)

# Sessions: an idle timeout (renewed on every request) and an absolute timeout from login.
SESSION_COOKIE_AGE = env_int("JAMLIK_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = env_int("JAMLIK_SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("JAMLIK_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "jamlik@localhost")

# Security headers. The CSP allows no inline script anywhere; our own middleware sets it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("JAMLIK_BEHIND_PROXY", PRODUCTION) else None
)
SECURE_SSL_REDIRECT = env_bool("JAMLIK_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = env_int("JAMLIK_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JAMLIK_LOG_LEVEL", "WARNING")},
}

# Audit rows are kept this many days (issue: retention is configurable).
AUDIT_RETENTION_DAYS = env_int("JAMLIK_AUDIT_RETENTION_DAYS", 5 * 365)

# Family-centred casework (FFIA). Free text and identity fields are encrypted with these Fernet keys,
# comma-separated, newest first; rotate by putting a new key in front and running
# `manage.py rotate_casework_keys`. Production refuses to start without them (system check
# casework.E001). Outside production a DEVELOPMENT-ONLY key is derived from SECRET_KEY so that a fresh
# checkout runs; data encrypted with it is not protected.
CASEWORK_KEYS = env_list("JAMLIK_CASEWORK_KEYS", [])
CASEWORK_DEVELOPMENT_KEY = not CASEWORK_KEYS and not PRODUCTION
if CASEWORK_DEVELOPMENT_KEY:
    import base64
    import hashlib

    _dev_key = hashlib.sha256(b"casework-dev-only:" + SECRET_KEY.encode()).digest()
    CASEWORK_KEYS = [base64.urlsafe_b64encode(_dev_key).decode()]
# Method mode (default): a participant is known by a case code only. Personal mode adds name and
# personal identity number.
CASEWORK_PERSONAL_MODE = env_bool("JAMLIK_CASEWORK_PERSONAL_MODE", False)
CASEWORK_FIRST_REVIEW_DAYS = env_int("JAMLIK_CASEWORK_FIRST_REVIEW_DAYS", 28)
CASEWORK_REVIEW_INTERVAL_DAYS = env_int("JAMLIK_CASEWORK_REVIEW_INTERVAL_DAYS", 84)
# Closed plans are thinned (content erased, totals kept) this many days after closing.
CASEWORK_RETENTION_DAYS = env_int("JAMLIK_CASEWORK_RETENTION_DAYS", 5 * 365)
# The access log is kept at least five years (HSLF-FS 2016:40); a shorter setting is raised to that.
CASEWORK_ACCESS_LOG_RETENTION_DAYS = max(5 * 365 + 2, env_int("JAMLIK_CASEWORK_ACCESS_LOG_RETENTION_DAYS", 0))
CASEWORK_EMERGENCY_MINUTES = env_int("JAMLIK_CASEWORK_EMERGENCY_MINUTES", 120)

# A proposal without decision or feedback for this many weeks is flagged as forgotten.
JAMLIK_STALE_PROPOSAL_WEEKS = env_int("JAMLIK_STALE_PROPOSAL_WEEKS", 8)

# Base URLs of the statistics APIs the indicator importers call (SCB PxWebApi v2, Kolada). Empty means
# "not configured": the importers then refuse with a message instead of guessing a host.
JAMLIK_PXWEB_BASE_URL = os.environ.get("JAMLIK_PXWEB_BASE_URL", "")
JAMLIK_KOLADA_BASE_URL = os.environ.get("JAMLIK_KOLADA_BASE_URL", "")
# Kolada API v3 (with /v3, e.g. https://api.kolada.se/v3) for the yearly comparison of key figures.
JAMLIK_KOLADA_V3_BASE_URL = os.environ.get("JAMLIK_KOLADA_V3_BASE_URL", "")

# File imports (jamlik.core.uploads): the size cap of one uploaded file and the row cap of one import.
# The .xlsx unpacking limits (JAMLIK_XLSX_MAX_UNCOMPRESSED_BYTES, _RATIO, _ENTRIES) have defaults there.
JAMLIK_UPLOAD_MAX_BYTES = env_int("JAMLIK_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
JAMLIK_IMPORT_MAX_ROWS = env_int("JAMLIK_IMPORT_MAX_ROWS", 200_000)
FILE_UPLOAD_HANDLERS = [
    "jamlik.core.uploads.SizeCapUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Background tasks (reports, reminders): the database queue, worked by `manage.py db_worker`. The test
# suite runs tasks at once instead, so a test sees their result without a worker.
# Background tasks beat a heartbeat this often; one silent for the stale time lost its worker and is failed
# (reports.recovery): at most about a minute after a worker is killed.
JAMLIK_TASK_HEARTBEAT_SECONDS = float(os.environ.get("JAMLIK_TASK_HEARTBEAT_SECONDS", "10"))
JAMLIK_TASK_STALE_SECONDS = float(os.environ.get("JAMLIK_TASK_STALE_SECONDS", "45"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "JAMLIK_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if "pytest" in sys.modules
            else "django_tasks_db.DatabaseBackend",
        )
    }
}


def oidc_group_roles(name: str) -> list[tuple[str, str]]:
    """Parse "idp-group=role,other-group=role" into (group, role) pairs, refusing unknown roles.

    A pair list rather than a dict, so one group can give several roles and several groups one role.
    """
    from jamlik.core.roles import Role

    pairs: list[tuple[str, str]] = []
    for item in env_list(name, []):
        group, sep, role = (part.strip() for part in item.rpartition("="))
        if not sep or not group or not role:
            raise ImproperlyConfigured(f"{name}: {item!r} is not of the form idp-group=role")
        if role not in Role.values:
            raise ImproperlyConfigured(f"{name}: {role!r} is not a role; use one of {', '.join(Role.values)}")
        pairs.append((group, role))
    return pairs


# Single sign-on with OpenID Connect (jamlik.core.oidc). Off while JAMLIK_OIDC_ISSUER is empty.
JAMLIK_OIDC_ISSUER = os.environ.get("JAMLIK_OIDC_ISSUER", "").strip()
JAMLIK_OIDC_CLIENT_ID = os.environ.get("JAMLIK_OIDC_CLIENT_ID", "").strip()
JAMLIK_OIDC_CLIENT_SECRET = os.environ.get("JAMLIK_OIDC_CLIENT_SECRET", "")
JAMLIK_OIDC_SCOPES = os.environ.get("JAMLIK_OIDC_SCOPES", "").strip() or "openid email profile"
JAMLIK_OIDC_USERNAME_CLAIM = os.environ.get("JAMLIK_OIDC_USERNAME_CLAIM", "").strip() or "preferred_username"
JAMLIK_OIDC_GROUPS_CLAIM = os.environ.get("JAMLIK_OIDC_GROUPS_CLAIM", "").strip() or "groups"
# Empty: roles are managed in Jämlik. Set: the identity provider's groups decide the roles at every login.
JAMLIK_OIDC_GROUP_ROLES = oidc_group_roles("JAMLIK_OIDC_GROUP_ROLES")
JAMLIK_OIDC_TIMEOUT_SECONDS = env_int("JAMLIK_OIDC_TIMEOUT_SECONDS", 10)
# Password login beside single sign-on; turning it off needs single sign-on to be configured.
JAMLIK_LOCAL_LOGIN = env_bool("JAMLIK_LOCAL_LOGIN", True)
if JAMLIK_OIDC_ISSUER:
    if not (JAMLIK_OIDC_CLIENT_ID and JAMLIK_OIDC_CLIENT_SECRET):
        raise ImproperlyConfigured(
            "JAMLIK_OIDC_ISSUER is set, so set JAMLIK_OIDC_CLIENT_ID and JAMLIK_OIDC_CLIENT_SECRET too"
        )
    if PRODUCTION and not JAMLIK_OIDC_ISSUER.startswith("https://"):
        raise ImproperlyConfigured("JAMLIK_OIDC_ISSUER must be an https:// address in production")
elif not JAMLIK_LOCAL_LOGIN:
    raise ImproperlyConfigured("JAMLIK_LOCAL_LOGIN=false needs single sign-on: set JAMLIK_OIDC_ISSUER too")
