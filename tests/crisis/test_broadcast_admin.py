"""The broadcast's progress page in the admin and its CSV report (issue 7: "live progress … a final
report with CSV export")."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission

from crisis.models import Alert, Delivery
from crisis.roles import APPROVERS, OPERATORS, crisis_roles_setup
from crisis.services import broadcast as service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def member(group_name: str):
    crisis_roles_setup()  # idempotent; a transactional test's flush removes the migration's groups
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def broadcasting(make_area, make_alert, make_subscription):
    """An alert in the middle of its broadcast: 2 SMS sent, 1 failed, 1 e-mail queued."""
    area = make_area()
    for address in ("+48600100001", "+48600100002", "+48600100003", "=cmd@example.pl"):
        make_subscription(address, areas=[area])
    alert = make_alert(areas=[area], state=Alert.State.APPROVED, headline="Powódź w Rudnej")
    broadcast = service.broadcast_start(alert_id=alert.pk)
    while service.fan_out_chunk(broadcast_id=broadcast.pk) is not None:
        pass
    sms = list(Delivery.objects.filter(channel="sms").order_by("pk"))
    Delivery.objects.filter(pk__in=[d.pk for d in sms[:2]]).update(state=Delivery.State.SENT)
    Delivery.objects.filter(pk=sms[2].pk).update(state=Delivery.State.FAILED, error="SMSAPI: Invalid phone number")
    alert.refresh_from_db()
    return alert


def url(alert, suffix=""):
    return f"/admin/kryzys/rozsylanie/{alert.pk}/{suffix}"


def test_progress_shows_counts_a_progress_bar_and_failures(client, broadcasting):
    client.force_login(member(OPERATORS))
    html = client.get(url(broadcasting)).content.decode()

    assert "Powódź w Rudnej" in html
    assert '<progress id="broadcast-progress" max="4" value="3">75%</progress>' in html
    assert '<label for="broadcast-progress">' in html
    assert '<meta http-equiv="refresh" content="5">' in html  # live while broadcasting, no script
    assert "SMSAPI: Invalid phone number" in html and "+48600100003" in html
    assert "Wznów rozsyłanie" not in html  # operators cannot resume

    stopped = client.get(url(broadcasting) + "?odswiezanie=0").content.decode()
    assert 'http-equiv="refresh"' not in stopped


def test_finished_broadcast_does_not_refresh_and_approver_sees_resume(client, broadcasting):
    client.force_login(member(APPROVERS))
    assert "Wznów rozsyłanie" in client.get(url(broadcasting)).content.decode()
    Alert.objects.filter(pk=broadcasting.pk).update(state=Alert.State.SENT)
    assert 'http-equiv="refresh"' not in client.get(url(broadcasting)).content.decode()


def test_csv_lists_every_delivery_and_defuses_formulas(client, broadcasting, monkeypatch):
    import crisis.admin_broadcast as admin_broadcast

    monkeypatch.setattr(admin_broadcast, "CSV_PAGE", 2)  # several keyset pages
    client.force_login(member(OPERATORS))
    response = client.get(url(broadcasting, "raport.csv"))
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["kanał", "adres", "stan"]
    assert len(rows) == 5
    addresses = {row[1] for row in rows[1:]}
    assert addresses == {"+48600100001", "+48600100002", "+48600100003", "'=cmd@example.pl"}
    failed = next(row for row in rows if row[1] == "+48600100003")
    assert failed[2] == "nieudana" and failed[5] == "SMSAPI: Invalid phone number"


def test_staff_without_crisis_permissions_are_refused(client, broadcasting):
    """Wagtail turns the views' PermissionDenied into a redirect to the dashboard with an error."""
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(clerk)
    for response in (
        client.get(url(broadcasting)),
        client.get(url(broadcasting, "raport.csv")),
        client.post(url(broadcasting, "wznow/")),
    ):
        assert (response.status_code, response.get("Location")) in ((302, "/admin/"), (403, None))
    client.force_login(member(OPERATORS))
    assert client.post(url(broadcasting, "wznow/")).status_code in (302, 403)
    assert Delivery.objects.filter(state=Delivery.State.QUEUED).count() == 1  # nothing was resumed
