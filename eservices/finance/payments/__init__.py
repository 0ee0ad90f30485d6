"""Online payment of the resident's instalments (issue 6, "Płatności online").

A sub-package of the finance app (label ``finance``): models in ``models.py`` (re-exported by
``eservices.finance.models``), a provider interface in ``providers/`` with a built-in sandbox gateway,
the transaction workflow in ``services.py``, thin views, tasks and the daily export. docs/finance.md.
"""
