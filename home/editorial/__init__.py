"""The editorial back office: each unit's own section of the site, its review workflow, upload checks.

Not a Django app (no models, no migrations): plain modules used by ``home.wagtail_hooks``, the demo
seeder and the settings (``WAGTAILDOCS_DOCUMENT_FORM_BASE``). Everything is stored in Wagtail's own
tables — groups with page and collection permissions, collections, workflows — so the admin's
*Ustawienia → Grupy / Przepływy pracy / Kolekcje* screens show and edit exactly what this code set up.
See ``docs/editorial.md`` and ``docs/roles.md``.
"""
