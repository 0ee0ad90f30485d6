"""The voter's identity as a keyed hash: duplicates are found, names are never stored.

``identity_hash`` is HMAC-SHA256 under ``settings.BUDGET_IDENTITY_KEY`` (by default a key derived
from ``SECRET_KEY``) of the edition and the person's key: ``pesel:<PESEL>`` when a PESEL is known (a
verified account proves it; a paper ballot or the declaration may give it), otherwise the normalised
first name, last name and address. The same person therefore gets the same hash online and on paper,
while a copy of the database cannot be turned back into names without the key — and a different
edition gives a different hash, so ballots are not linkable across years either.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.utils.crypto import salted_hmac


def _key() -> bytes:
    configured = getattr(settings, "BUDGET_IDENTITY_KEY", "")
    if configured:
        return configured.encode()
    return salted_hmac("ratusz.budget.identity", "key", algorithm="sha256").digest()


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[.,;:/\\-]+", " ", text)
    return " ".join(text.split())


def person_key(*, pesel: str = "", first_name: str = "", last_name: str = "", address: str = "") -> str:
    pesel = (pesel or "").strip()
    if pesel:
        return f"pesel:{pesel}"
    return f"osoba:{_normalise(first_name)}|{_normalise(last_name)}|{_normalise(address)}"


def identity_hash(*, edition_id: int, key: str) -> str:
    return hmac.new(_key(), f"{edition_id}:{key}".encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
