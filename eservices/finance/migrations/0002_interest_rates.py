"""The historic rates of late interest on tax arrears (art. 56 § 1 Ordynacji podatkowej).

From 1 January 2016 the rate is 200 % of the NBP lombard rate + 2 points, not less than 8 %; it
changes on the day the lombard rate changes (announced by the Minister of Finance in Monitor Polski).
The finance officer maintains the table after this (admin: Należności → Stawki odsetek).
"""

from decimal import Decimal

from django.db import migrations

# valid_from, annual rate %, NBP lombard rate that produced it
RATES = [
    ("2016-01-01", "8.00", "2.50 (minimum 8 %)"),
    ("2022-02-09", "8.50", "3.25"),
    ("2022-03-09", "10.00", "4.00"),
    ("2022-04-07", "12.00", "5.00"),
    ("2022-05-06", "13.50", "5.75"),
    ("2022-06-09", "15.00", "6.50"),
    ("2022-07-08", "16.00", "7.00"),
    ("2022-09-08", "16.50", "7.25"),
    ("2023-09-07", "15.50", "6.75"),
    ("2023-10-05", "14.50", "6.25"),
    ("2025-05-08", "13.50", "5.75"),
    ("2025-07-03", "13.00", "5.50"),
    ("2025-09-04", "12.50", "5.25"),
    ("2025-10-09", "12.00", "5.00"),
    ("2025-11-06", "11.50", "4.75"),
    ("2025-12-04", "11.00", "4.50"),
]


def load(apps, schema_editor):
    InterestRate = apps.get_model("finance", "InterestRate")
    for valid_from, rate, lombard in RATES:
        InterestRate.objects.get_or_create(
            valid_from=valid_from,
            defaults={"annual_rate": Decimal(rate), "legal_basis": f"art. 56 § 1 Ordynacji; stopa lombardowa NBP {lombard} %"},
        )


def unload(apps, schema_editor):
    InterestRate = apps.get_model("finance", "InterestRate")
    InterestRate.objects.filter(valid_from__in=[row[0] for row in RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
