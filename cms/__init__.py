"""The Ratusz Django project: settings, URLs, Celery and the platform apps (accounts, units)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
