"""The committee's protocol of the results (reportlab, the portal's DejaVu fonts for Polish letters)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cms.pdf import SANS, SANS_BOLD, register_fonts

from .models import Edition, ResultRun
from .results import STATUS_LABELS
from .rules import money


def protocol_pdf(*, edition: Edition, run: ResultRun) -> bytes:
    """Per pool: the ranking with votes, cost and outcome; turnout; the tie-draw seed and its outcome."""
    register_fonts()
    normal = ParagraphStyle("n", fontName=SANS, fontSize=9, leading=12)
    heading = ParagraphStyle("h", fontName=SANS_BOLD, fontSize=14, leading=18, spaceAfter=6)
    sub = ParagraphStyle("s", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        title=_("Protokół wyników — %(name)s") % {"name": edition.name},
    )
    story = [
        Paragraph(_("Protokół z ustalenia wyników głosowania — %(name)s") % {"name": edition.name}, heading),
        Paragraph(_("Wynik obliczono %(at)s. Oddano ważnych kart: %(n)d.") % {
            "at": timezone.localtime(run.computed_at).strftime("%d.%m.%Y %H:%M"), "n": run.outcome["ballots"]}, normal),
        Paragraph(_("Próg: %(min)d głosów. Ziarno losowania przy równej liczbie głosów: %(seed)s.")
                  % {"min": edition.min_votes, "seed": run.seed}, normal),
    ]  # fmt: skip
    for pool in run.outcome["pools"]:
        story.append(Paragraph(
            _("%(name)s — pula %(amount)s, pozostało %(rest)s, kart: %(n)d (internet %(online)d, papier %(paper)d)")
            % {"name": pool["name"], "amount": money(Decimal(pool["amount"])),
               "rest": money(Decimal(pool["remaining"])),
               "n": pool["ballots"], "online": pool["online"], "paper": pool["paper"]}, sub))  # fmt: skip
        data = [[_("Nr"), _("Projekt"), _("Głosy"), _("Koszt"), _("Wynik")]]
        for row in pool["rows"]:
            data.append(
                [
                    str(row["number"] or ""),
                    Paragraph(row["title"], normal),
                    str(row["votes"]),
                    money(Decimal(row["cost"])),
                    Paragraph(str(STATUS_LABELS[row["status"]]), normal),
                ]
            )
        table = Table(data, colWidths=[12 * mm, 80 * mm, 18 * mm, 30 * mm, 40 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9), ("FONT", (0, 0), (-1, 0), SANS_BOLD, 9),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))  # fmt: skip
        story.append(table)
    if run.outcome["ties"]:
        story.append(Paragraph(_("Losowanie kolejności przy równej liczbie głosów"), sub))
        for tie in run.outcome["ties"]:
            story.append(
                Paragraph(
                    _("%(pool)s, %(votes)d głosów: kolejność projektów nr %(order)s")
                    % {"pool": tie["pool"], "votes": tie["votes"], "order": ", ".join(map(str, tie["order"]))},
                    normal,
                )
            )
    story += [Spacer(1, 20 * mm), Paragraph(_("Podpisy członków komisji:"), normal)]
    doc.build(story)
    return out.getvalue()
