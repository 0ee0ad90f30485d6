"""ePUAP inbound and outbound through the local stand-in (issue 10): documents a second.

Usage (from the repository root; needs a PostgreSQL server, trust auth)::

    .venv/bin/python bench/epuap_bench.py --database-url postgres://postgres@127.0.0.1:5432/h10bench

Drops and re-creates that database and runs ``migrate``; creates two units with ePUAP mailboxes;
starts the ePUAP stand-in (``eservices.epuap.standin``) on 127.0.0.1 in this process and puts
``--documents`` general letters (XAdES-signed, one 40 KB PDF attachment each) into the two mailboxes.
Then, with production settings (DEBUG off), it times:

* **inbound** — ``inbound.mailbox_pull`` for both mailboxes until they are empty: per document a
  signed ``pobierzNastepny`` (zeep + WS-Security), parsing and signature check, one transaction with
  the case, the original XML and the attachment in the private case storage, then a signed
  ``potwierdzOdebranie``. The receipt (UPO) task is only published to the in-memory broker (a worker's
  job), as ``--eager`` does not say otherwise;
* **outbound** — ``outbound.dispatch_send`` of a generated decision from ``--sends`` of those cases:
  the ``wnio:Dokument`` with the PDF, the office's XAdES seal, a signed ``nadaj`` and the UPP stored.

Prints a Markdown table.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _http import production_env  # noqa: E402


def prepare(env: dict, database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--sends", type=int, default=100)
    parser.add_argument("--eager", action="store_true", help="render each case's UPO inside the pull")
    args = parser.parse_args()

    env = {**production_env(), "DATABASE_URL": args.database_url, "EPUAP_GENERATE_DEV_KEYS": "1"}
    prepare(env, args.database_url)
    os.environ.update(env)
    os.chdir(ROOT)
    import django

    django.setup()
    from cms.celery import app

    app.conf.task_always_eager = args.eager
    app.conf.broker_url = "memory://"

    from django.conf import settings

    from cms.units.models import OrgUnit
    from eservices.cases import services as case_services
    from eservices.cases.models import Case
    from eservices.epuap import inbound, outbound
    from eservices.epuap.documents import Attachment, Party, build_document
    from eservices.epuap.gateway.soap import SoapGateway
    from eservices.epuap.keys import generate_keypair
    from eservices.epuap.models import OutboundDispatch
    from eservices.epuap.standin import EpuapStandin

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    standin = EpuapStandin()
    settings.EPUAP_URL = standin.start()
    boxes = ["/glogowmlp/SkrytkaESP", "/mgops-glogow/skrytka"]
    units = [
        OrgUnit.objects.create(code=code, name=name, street="Rynek 1", postal_code="36-060", city="Głogów Małopolski",
                               epuap_address=box)
        for code, name, box in (("UM", "Urząd Miejski", boxes[0]), ("MGOPS", "Ośrodek Pomocy Społecznej", boxes[1]))
    ]  # fmt: skip
    resident = generate_keypair("Jan Nowak")
    pdf = b"%PDF-1.4\n" + os.urandom(40 * 1024) + b"\n%%EOF\n"
    t0 = time.perf_counter()
    for i in range(args.documents):
        xml = build_document(
            title=f"Pismo {i}", body="Proszę o informację.", keypair=resident,
            sender=Party(pesel="44051401359", first_name="Jan", last_name="Nowak"), addressee=Party(name="UM"),
            attachments=[Attachment("skan.pdf", "application/pdf", pdf)],
        )  # fmt: skip
        standin.deliver_to_mailbox(
            boxes[i % 2], xml, sender_identifier="44051401359", sender_first_name="Jan", sender_last_name="Nowak",
            reply_address="/jan.nowak/skrytka",
        )  # fmt: skip
    built = time.perf_counter() - t0

    gateway = SoapGateway()
    t0 = time.perf_counter()
    for unit in units:
        while inbound.mailbox_pull(unit=unit, gateway=gateway, limit=1000).fetched:
            pass
    inbound_seconds = time.perf_counter() - t0
    cases = Case.objects.count()
    assert cases == args.documents, (cases, args.documents)

    app.conf.task_always_eager = False
    dispatches = []
    for case in Case.objects.select_related("unit").order_by("pk")[: args.sends]:
        document = case_services.case_generate_letter(case=case, actor=None, title="Decyzja", body="Orzekam.")
        dispatches.append(
            OutboundDispatch.objects.create(
                case=case,
                document=document,
                recipient="/jan.nowak/skrytka",
                sender_mailbox=case.unit.epuap_address,
                title="Decyzja",
            )
        )
    t0 = time.perf_counter()
    for dispatch in dispatches:
        outbound.dispatch_send(dispatch_id=dispatch.pk, gateway=gateway)
    outbound_seconds = time.perf_counter() - t0
    sent = OutboundDispatch.objects.filter(status="sent").count()
    standin.stop()

    out = sys.stdout.write
    out(f"(documents built and put into the stand-in in {built:.1f} s, not counted)\n\n")
    out("| what | count | seconds | per second |\n|---|---:|---:|---:|\n")
    rate_in, rate_out = cases / inbound_seconds, sent / outbound_seconds
    out(f"| inbound: pull → case + XML + attachment → confirm | {cases} | {inbound_seconds:.1f} | {rate_in:.1f} |\n")
    what = "outbound: decision → wnio:Dokument + XAdES → nadaj → UPP"
    out(f"| {what} | {sent} | {outbound_seconds:.1f} | {rate_out:.1f} |\n")


if __name__ == "__main__":
    main()
