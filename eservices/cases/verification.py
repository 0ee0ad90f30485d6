"""Verification codes printed on receipts (UPO): ``ABCD-EFGH-JKLM``, no look-alike characters."""

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1


def new_code() -> str:
    """12 random characters (60 bits) in three groups; unguessable, easy to read out on the phone."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def normalise_code(text: str) -> str:
    """What a person typed (any case, spaces, missing dashes) as a stored code, or "" if it cannot be one."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(raw) != 12 or any(ch not in ALPHABET for ch in raw):
        return ""
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"
