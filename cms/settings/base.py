"""Settings shared by every environment.

Environment variables read here (all optional outside production):

``DATABASE_URL``  PostgreSQL in production and CI (``postgres://user@host:5432/name``); SQLite otherwise.
``REDIS_URL``     cache and Celery broker; without it the cache is on disk and tasks run eagerly.
``RATUSZ_VAR_DIR`` where SQLite, the file cache and uploaded media live (default ``./var``).
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("RATUSZ_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    # Ratusz
    "cms",
    "cms.accounts",
    "cms.units",
    "cms.messaging",
    "cms.audit",
    "cms.security",
    "home",
    "home.intranet",
    "home.bip",
    "home.sitesearch",
    "eservices.catalogue",
    "eservices.forms",
    "eservices.cases",
    "eservices.finance",
    "eservices.epuap",
    "eservices.budget",
    "crisis",
    "education",
    "theme",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security.csp.ContentSecurityPolicyMiddleware",  # issue 11, docs/security.md
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.accounts.middleware.StaffSessionTimeoutMiddleware",
    "cms.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "crisis.context_processors.alerts_banner",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'ratusz.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once; the busy timeout waits out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ratusz"),
            "TIMEOUT": 300,
        }
    }
else:
    # On disk, so that several web processes (gunicorn workers) share one cache and one invalidation.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Anonymous page cache (cms.cache): seconds a rendered page is kept; publishing invalidates at once.
RATUSZ_PAGE_CACHE_SECONDS = int(os.environ.get("RATUSZ_PAGE_CACHE_SECONDS", "600"))
# Parts of every page-cache key that change with the clock: the set of crisis alerts in effect.
RATUSZ_PAGE_CACHE_VARIANTS = ["crisis.website.page_cache_variant"]

# --- Celery -----------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fixup would close the database connection around every task; with this it recycles
# only every 5,000 tasks and cms.celery applies Django's CONN_MAX_AGE rule instead (close_old_connections).
CELERY_DB_REUSE_MAX = 5000
CELERY_TIMEZONE = "Europe/Warsaw"
CELERY_BEAT_SCHEDULE: dict = {}

# --- Accounts ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # at least 12 characters: OWASP ASVS 2.1.1 (docs/staff-access.md)
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# --- Language and time ------------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("polski")), ("en", _("angielski"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("pl", "polski")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pl", "polski"), ("en", "English")]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"

# --- Static and media -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ----------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Gmina Głogów Małopolski"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "rtf", "txt", "xlsx", "zip", "xml"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# --- Logging ----------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# --- Editorial (issue 3) ---
# Units' sections, review workflow, scheduled publishing and upload checks: docs/editorial.md.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.editorial.forms.CheckedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Approving publishes the latest revision; with this on, a page changed after it was submitted goes
# back to the moderators instead of being published unreviewed.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = os.environ.get(
    "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@glogow-mlp.pl")
)
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# Moderation e-mails go to the unit's moderators, not to every administrator of 20 units.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
CELERY_BEAT_SCHEDULE["publish-scheduled-pages"] = {"task": "home.publish_scheduled_pages", "schedule": 60.0}
# Expired application drafts and orphaned uploads, every night (eservices.forms.tasks.cleanup_drafts).
CELERY_BEAT_SCHEDULE["eforms-cleanup-drafts"] = {
    "task": "eforms.cleanup_drafts",
    "schedule": crontab(hour=3, minute=30),
}

# --- Resident accounts (issue 4) ---
# Registration, sign-in, profile and identity level of residents: docs/accounts.md.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "/"
# Private pages and the intranet send people to the same (throttled) sign-in page; the admin keeps its own.
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/logowanie/"
AUTHENTICATION_BACKENDS = ["cms.accounts.backends.ThrottledModelBackend"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@glogow-mlp.pl")
CSRF_FAILURE_VIEW = "cms.accounts.views.csrf_failure"
RATUSZ_ACCOUNT_CONFIRM_DAYS = int(os.environ.get("RATUSZ_ACCOUNT_CONFIRM_DAYS", "3"))
PASSWORD_RESET_TIMEOUT = 24 * 3600
# 5 wrong passwords for one e-mail or 20 from one IP within 15 minutes lock sign-in for 15 minutes.
RATUSZ_LOGIN_THROTTLE_EMAIL_LIMIT = int(os.environ.get("RATUSZ_LOGIN_THROTTLE_EMAIL_LIMIT", "5"))
RATUSZ_LOGIN_THROTTLE_IP_LIMIT = int(os.environ.get("RATUSZ_LOGIN_THROTTLE_IP_LIMIT", "20"))
RATUSZ_LOGIN_THROTTLE_WINDOW = 15 * 60
RATUSZ_LOGIN_THROTTLE_LOCKOUT = 15 * 60
# Staff sessions end after this long without a request (cms.accounts.middleware, issue 11).
RATUSZ_STAFF_IDLE_SECONDS = int(os.environ.get("RATUSZ_STAFF_IDLE_SECONDS", str(30 * 60)))

# --- Messaging (issues 5, 7) ---
# Outbound e-mail and SMS through a transactional outbox: docs/messaging.md. One backend per channel.
# SMS: console/file by default (development, tests); production.py defaults to
# cms.messaging.backends.smsapi.SmsapiBackend (RATUSZ_SMS_BACKEND) configured by RATUSZ_SMSAPI_* below.
RATUSZ_MESSAGING_BACKENDS = {
    "email": "cms.messaging.backends.email.DjangoEmailBackend",
    "sms": os.environ.get("RATUSZ_SMS_BACKEND", "cms.messaging.backends.console_sms.ConsoleSmsBackend"),
}
# The console SMS backend appends one JSON line per SMS here; empty: the log only.
RATUSZ_SMS_FILE = os.environ.get("RATUSZ_SMS_FILE", str(VAR_DIR / "sms-outbox.jsonl"))
# SMSAPI.pl (cms.messaging.backends.smsapi). ``notify_url`` is where SMSAPI sends delivery reports:
# https://<site>/ostrzezenia/raporty/smsapi/<callback_secret>/ (crisis.views_webhooks).
RATUSZ_SMSAPI = {
    "base_url": os.environ.get("RATUSZ_SMSAPI_BASE_URL", "https://api.smsapi.pl"),
    "token": os.environ.get("RATUSZ_SMSAPI_TOKEN", ""),  # OAuth token from the SMSAPI customer panel
    "sender": os.environ.get("RATUSZ_SMSAPI_SENDER", ""),  # a registered sender name; empty: the account's default
    "notify_url": os.environ.get("RATUSZ_SMSAPI_NOTIFY_URL", ""),
    "callback_secret": os.environ.get("RATUSZ_SMSAPI_CALLBACK_SECRET", ""),  # empty: the webhook refuses all
    "timeout": float(os.environ.get("RATUSZ_SMSAPI_TIMEOUT", "10")),
    "max_parts": int(os.environ.get("RATUSZ_SMSAPI_MAX_PARTS", "6")),
    "test": os.environ.get("RATUSZ_SMSAPI_TEST", "0") == "1",  # SMSAPI's test=1: validated, not sent, not billed
}
# Without it an unresponsive SMTP server would hold a worker (and the task's time limit) forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
CELERY_BEAT_SCHEDULE["messaging-flush-outbox"] = {"task": "messaging.flush_outbox", "schedule": 60.0}

# --- Cases (issue 5) ---
# Case references, workflow, KPA deadlines, receipts (UPO): docs/cases.md.
RATUSZ_CASES_ROOT = Path(os.environ.get("RATUSZ_CASES_ROOT", VAR_DIR / "private" / "cases"))  # never under MEDIA_ROOT
RATUSZ_CASES_DEFAULT_JRWA = "0000"  # cases without a service card and without a symbol
RATUSZ_CASES_SUPPLEMENT_DAYS = 7  # KPA art. 64 § 2
RATUSZ_CASES_DUE_SOON_WORKING_DAYS = 3
RATUSZ_CASES_UPLOAD_MAX_MB = 10
CELERY_BEAT_SCHEDULE["cases-deadline-digest"] = {
    "task": "cases.deadline_digest",
    "schedule": crontab(hour=7, minute=0),
}
# Retention (docs/cases-stats.md): closed cases older than their service's retention_years are folded
# into the statistics, then anonymised.
RATUSZ_CASES_RETENTION_YEARS = 5  # cases without a service card
CELERY_BEAT_SCHEDULE["cases-anonymise-expired"] = {
    "task": "cases.anonymise_expired",
    "schedule": crontab(hour=2, minute=15),
}

# --- Finance, the resident office eBOM (issue 6) ---
# Taxpayers, liabilities, instalments, payments, late interest: docs/finance.md.
# The gmina's bank settlement number (8 digits) + its client prefix; the taxpayer's number fills the
# rest of the 24-digit BBAN of each individual account (eservices.finance.accounts.nrb_for).
FINANCE_BANK_PREFIX = os.environ.get("FINANCE_BANK_PREFIX", "102043910000")
# Late interest is not charged when it would not exceed 3 × the Polish Post's fee for a registered
# letter (Ordynacja podatkowa art. 54 § 1 pkt 5): 3 × 2.90 = 8.70 zł today.
FINANCE_INTEREST_THRESHOLD = os.environ.get("FINANCE_INTEREST_THRESHOLD", "8.70")
FINANCE_REMINDER_FEE = os.environ.get("FINANCE_REMINDER_FEE", "16.00")
# Waste fee due dates, set by the council's resolution: {"period": "monthly", "day": 10} (each month
# by the 10th) or {"dates": [[3, 15], [5, 15], [9, 15], [11, 15]]} (month, day); schedules.waste_schedule.
FINANCE_WASTE_SCHEDULE = {"period": "monthly", "day": 10}
# Reminders e-mailed this many days before each due date (eservices.finance.reminders), daily at 8:00.
FINANCE_REMINDER_DAYS = int(os.environ.get("FINANCE_REMINDER_DAYS", "7"))
CELERY_BEAT_SCHEDULE["finance-due-reminders"] = {
    "task": "finance.send_due_reminders",
    "schedule": crontab(hour=8, minute=0),
}

# --- Finance: online payments (issue 6, docs/finance.md "Płatności online") ---
# The payment gateway (a PaymentProvider subclass) and its options by provider name. The built-in sandbox
# moves no money: never choose it in production. Real providers: docs/finance.md.
FINANCE_PAYMENT_PROVIDER = os.environ.get(
    "FINANCE_PAYMENT_PROVIDER", "eservices.finance.payments.providers.sandbox.SandboxProvider"
)
FINANCE_PAYMENT_PROVIDER_SETTINGS = {
    "sandbox": {"secret": os.environ.get("FINANCE_SANDBOX_SECRET", "")},  # empty: derived from SECRET_KEY
}
# With DEBUG off the sandbox is refused (system check finance.E001) unless this is on: a demo site.
FINANCE_ALLOW_SANDBOX = os.environ.get("FINANCE_ALLOW_SANDBOX", "") == "1"
FINANCE_PAYMENT_BASE_URL = os.environ.get("FINANCE_PAYMENT_BASE_URL", "")  # public address; empty: the request's
FINANCE_PAYMENT_CHECK_AFTER_MINUTES = int(os.environ.get("FINANCE_PAYMENT_CHECK_AFTER_MINUTES", "15"))
FINANCE_PAYMENT_EXPIRE_MINUTES = int(os.environ.get("FINANCE_PAYMENT_EXPIRE_MINUTES", "60"))
FINANCE_PAYMENT_EXPORT_DIR = Path(os.environ.get("FINANCE_PAYMENT_EXPORT_DIR", VAR_DIR / "private" / "finance-exports"))
CELERY_BEAT_SCHEDULE["finance-check-pending-payments"] = {
    "task": "finance.check_pending_payments",
    "schedule": crontab(minute="*/5"),
}
CELERY_BEAT_SCHEDULE["finance-export-online-payments"] = {
    "task": "finance.export_online_payments",
    "schedule": crontab(hour=1, minute=30),
}

# --- Crisis alerts: composing and approving (issue 7, docs/crisis.md) ---
RATUSZ_CRISIS_SENDER = os.environ.get("RATUSZ_CRISIS_SENDER", "zarzadzanie.kryzysowe@glogow-mlp.pl")  # CAP sender
RATUSZ_CRISIS_IDENTIFIER_PREFIX = "PL-GLOGOW-MLP"  # CAP identifier: PL-GLOGOW-MLP-2026-000123
RATUSZ_CRISIS_SMS_MAX_PARTS = int(os.environ.get("RATUSZ_CRISIS_SMS_MAX_PARTS", "2"))  # 2 GSM-7 parts = 306 chars

# --- Crisis broadcast (issue 7, docs/crisis-broadcast.md) ---
# Channel backends; SMS goes to the log (console backend) until an SMSAPI token is configured.
RATUSZ_CRISIS_CHANNELS = {
    "email": "crisis.channels.email.EmailChannel",
    "sms": os.environ.get(
        "RATUSZ_CRISIS_SMS_CHANNEL",
        "crisis.channels.sms.SmsapiChannel" if RATUSZ_SMSAPI.get("token") else "crisis.channels.console.ConsoleChannel",
    ),
}
# Messages a second per channel for the whole installation (a window counted in the cache); 0: no limit.
RATUSZ_CRISIS_RATE = {
    "sms": int(os.environ.get("RATUSZ_CRISIS_RATE_SMS", "100")),
    "email": int(os.environ.get("RATUSZ_CRISIS_RATE_EMAIL", "200")),
}
RATUSZ_CRISIS_FANOUT_CHUNK = 2000  # subscriptions per fan-out transaction
# Deliveries per send task (one SMSAPI request / one SMTP connection). Each task also claims, reads the
# alert, renders the content, asks the rate limiter and checks for the end: 200 halves that per message.
RATUSZ_CRISIS_BATCH = {
    "sms": int(os.environ.get("RATUSZ_CRISIS_SMS_BATCH", "200")),
    "email": int(os.environ.get("RATUSZ_CRISIS_EMAIL_BATCH", "200")),
}
# Results written after this many accepted messages: e-mail 1 keeps the repeat-after-kill window to one message.
RATUSZ_CRISIS_MARK_EVERY = {"sms": 1000, "email": int(os.environ.get("RATUSZ_CRISIS_EMAIL_MARK_EVERY", "1"))}
RATUSZ_CRISIS_MAX_ATTEMPTS = 5
RATUSZ_CRISIS_RETRY_BASE_SECONDS = 30  # 30 s, 1, 2, 4 min between attempts
# A delivery "sending" this long has lost its worker (must exceed crisis.send_batch's 120 s time limit).
RATUSZ_CRISIS_STALE_SENDING_SECONDS = int(os.environ.get("RATUSZ_CRISIS_STALE_SENDING_SECONDS", "300"))
RATUSZ_CRISIS_CONSOLE_FILE = os.environ.get("RATUSZ_CRISIS_CONSOLE_FILE", "")
CELERY_BEAT_SCHEDULE["crisis-start-due-broadcasts"] = {"task": "crisis.start_due_broadcasts", "schedule": 60.0}

# --- ePUAP mailbox and login.gov.pl (issue 10, docs/epuap.md, docs/login-gov-pl.md) ---
# Dev defaults point at the local stand-ins (manage.py epuap_standin, manage.py logingov_test_idp).
EPUAP_GATEWAY = os.environ.get("EPUAP_GATEWAY", "eservices.epuap.gateway.soap.SoapGateway")
EPUAP_URL = os.environ.get("EPUAP_URL", "http://127.0.0.1:8041")
EPUAP_CERT_FILE = Path(os.environ.get("EPUAP_CERT_FILE", VAR_DIR / "private" / "epuap" / "office-cert.pem"))
EPUAP_KEY_FILE = Path(os.environ.get("EPUAP_KEY_FILE", VAR_DIR / "private" / "epuap" / "office-key.pem"))
EPUAP_GENERATE_DEV_KEYS = os.environ.get("EPUAP_GENERATE_DEV_KEYS", "1") == "1"  # production: 0 + real files
EPUAP_TIMEOUT = float(os.environ.get("EPUAP_TIMEOUT", "20"))
EPUAP_MAX_DOCUMENT_BYTES = int(os.environ.get("EPUAP_MAX_DOCUMENT_BYTES", str(5 * 1024 * 1024)))
EPUAP_PULL_BATCH = int(os.environ.get("EPUAP_PULL_BATCH", "50"))  # documents per mailbox per run
EPUAP_SEND_MAX_ATTEMPTS = int(os.environ.get("EPUAP_SEND_MAX_ATTEMPTS", "6"))
CELERY_BEAT_SCHEDULE["epuap-pull-mailboxes"] = {"task": "epuap.pull_all", "schedule": 300.0}
_LOGINGOV_IDP = os.environ.get("LOGINGOV_IDP_BASE_URL", "http://127.0.0.1:8042")  # the test IdP in development
_LOGINGOV_DIR = VAR_DIR / "private" / "logingov"
LOGINGOV_IDP_SSO_URL = os.environ.get("LOGINGOV_IDP_SSO_URL", f"{_LOGINGOV_IDP}/login/SingleSignOnService")
LOGINGOV_IDP_ARTIFACT_URL = os.environ.get(
    "LOGINGOV_IDP_ARTIFACT_URL", f"{_LOGINGOV_IDP}/login/ArtifactResolutionService"
)
LOGINGOV_IDP_ENTITY_ID = os.environ.get("LOGINGOV_IDP_ENTITY_ID", f"{_LOGINGOV_IDP}/idp")
LOGINGOV_IDP_CERT_FILE = Path(os.environ.get("LOGINGOV_IDP_CERT_FILE", _LOGINGOV_DIR / "test-idp-cert.pem"))
LOGINGOV_SP_ENTITY_ID = os.environ.get("LOGINGOV_SP_ENTITY_ID", "https://ratusz.glogow-mlp.pl/konto/login-gov-pl")
LOGINGOV_SP_ACS_URL = os.environ.get("LOGINGOV_SP_ACS_URL", "")  # empty: from the request
LOGINGOV_SP_CERT_FILE = Path(os.environ.get("LOGINGOV_SP_CERT_FILE", _LOGINGOV_DIR / "sp-cert.pem"))
LOGINGOV_SP_KEY_FILE = Path(os.environ.get("LOGINGOV_SP_KEY_FILE", _LOGINGOV_DIR / "sp-key.pem"))
LOGINGOV_GENERATE_DEV_KEYS = os.environ.get("LOGINGOV_GENERATE_DEV_KEYS", "1") == "1"
LOGINGOV_ENABLED = os.environ.get("LOGINGOV_ENABLED", "1") == "1"

# --- Security headers and operations (issue 11, docs/security.md, docs/deploy.md) ---
# Content-Security-Policy (cms.security.csp): strict on the public site, nothing inline.
RATUSZ_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# The Wagtail admin (found by loading its pages in Chromium and reading the CSP console errors,
# docs/security.md): Wagtail's date and date-time widgets print an inline initDateChooser(...) script
# (page scheduling, listing filters), its templates and widgets use inline style attributes, the
# editor frames the page preview (frame-ancestors 'self') and previews uploads from blob: URLs. The
# admin is staff-only behind two factors; the public site keeps the strict policy above.
RATUSZ_CSP_ADMIN = {
    **RATUSZ_CSP,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}
# No calls from staff browsers to third parties: Gravatar (staff e-mail hashes) and Wagtail's release
# check (upgrades come through requirements.txt) would also break the admin's connect/img-src.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
RATUSZ_CSP_REPORT_ONLY = os.environ.get("RATUSZ_CSP_REPORT_ONLY", "0") == "1"
# security.txt (RFC 9116) at /.well-known/security.txt.
RATUSZ_SECURITY_CONTACT = os.environ.get("RATUSZ_SECURITY_CONTACT", "mailto:bezpieczenstwo@glogow-mlp.pl")
RATUSZ_SECURITY_TXT_DAYS = int(os.environ.get("RATUSZ_SECURITY_TXT_DAYS", "180"))
RATUSZ_SECURITY_POLICY_URL = os.environ.get("RATUSZ_SECURITY_POLICY_URL", "")
# Public form submissions per client IP: {scope: (submissions, seconds)} (cms.security.ratelimit).
RATUSZ_FORM_RATE_LIMITS = {
    "register": (10, 3600),
    "password_reset": (10, 3600),
    "resend_confirmation": (10, 3600),
    # ballots: generous, a library's or a school's computers share one address on voting day
    "ballot": (60, 3600),
    "proposal": (20, 3600),  # new participatory-budget projects
}  # alert subscriptions have their own per-IP and per-address limits (crisis.views_subscriptions)
