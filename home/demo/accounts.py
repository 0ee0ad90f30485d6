"""Demo accounts, one per kind of person who uses the portal.

Passwords are set only when an account is created or has no usable password, so re-running the
seeder never undoes a password someone changed on purpose.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

# Permissions are granted by home.demo.editorial.seed_editorial (central_editors_setup).
CENTRAL_EDITORS_GROUP = "Redakcja centralna"
DPO_GROUP = "Inspektor ochrony danych"  # made by the migration audit.0002 (cms.audit)

# e-mail, password, first name, last name, staff, superuser, groups, description
DEMO_ACCOUNTS = [
    ("admin@ratusz.local", "ratusz-admin-demo", "Administrator", "Demo", True, True, [], "administrator"),
    ("redaktor@ratusz.local", "ratusz-redaktor-demo", "Ewa", "Redaktorska", True, False, [CENTRAL_EDITORS_GROUP],
     "redaktor (Redakcja centralna)"),
    ("mieszkaniec@ratusz.local", "ratusz-mieszkaniec-demo", "Jan", "Mieszkański", False, False, [],
     "mieszkaniec"),
    ("zweryfikowany@ratusz.local", "ratusz-demo-mieszkaniec", "Maria", "Zweryfikowana", False, False, [],
     "mieszkaniec ze zweryfikowaną tożsamością"),
    ("iod@ratusz.local", "ratusz-iod-demo", "Irena", "Inspektorska", True, False, [DPO_GROUP],
     "inspektor ochrony danych: rejestr dostępu do danych osobowych"),
]  # fmt: skip

# Resident profiles (issue 4), filled only where empty; PESELs are valid test numbers, not real people's.
DEMO_PROFILES = {
    "mieszkaniec@ratusz.local": {"phone": "600 100 200", "street": "ul. Rzeszowska", "house_number": "12",
                                 "postal_code": "36-060", "locality": "Głogów Małopolski"},
    "zweryfikowany@ratusz.local": {"phone": "600 300 400", "street": "ul. Kościuszki", "house_number": "5/2",
                                   "postal_code": "36-060", "locality": "Głogów Małopolski",
                                   "pesel": "85030512345", "identity_level": "verified"},
}  # fmt: skip


def _fill_profile(user, profile: dict) -> None:
    """Fill the empty profile fields, never overwriting what someone changed; verify once."""
    changed = [name for name, value in profile.items() if name != "identity_level" and not getattr(user, name)]
    for name in changed:
        setattr(user, name, profile[name])
    if profile.get("identity_level") == "verified" and user.identity_verified_at is None:
        from django.utils import timezone

        user.identity_level, user.identity_verified_at = "verified", timezone.now()
        changed += ["identity_level", "identity_verified_at"]
    if changed:
        user.save(update_fields=changed)


def seed_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts; returns (e-mail, password, description) for the summary."""
    user_model = get_user_model()
    summary = []
    for email, password, first, last, staff, superuser, groups, description in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "is_staff": staff, "is_superuser": superuser},
        )
        if created or not user.has_usable_password():
            user.set_password(password)
            user.save(update_fields=["password"])
        _fill_profile(user, DEMO_PROFILES.get(email, {}))
        for name in groups:
            group, _ = Group.objects.get_or_create(name=name)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
        summary.append((email, password, description))
    return summary
