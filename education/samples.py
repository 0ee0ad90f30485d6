"""A realistic aSc Timetables XML export built from a small plan, for the demo and the sample file.

``asc_xml`` writes exactly what aSc's "Plik → Eksport → aSc XML" writes for a primary school (the
same tables, attributes and ``columns`` headers); ``place_lessons`` spreads each class's weekly hours
over Monday–Friday without giving a teacher two classes at once. The committed sample
``samples/asc_timetable_sample.xml`` is ``asc_xml`` of ``SAMPLE_SCHOOL`` (regenerate it with
``python -c "from education.samples import write_sample; write_sample()"``).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

SAMPLE_PATH = Path(__file__).parent / "samples" / "asc_timetable_sample.xml"

BELLS = [
    ("8:00", "8:45"),
    ("8:55", "9:40"),
    ("9:50", "10:35"),
    ("10:50", "11:35"),
    ("11:45", "12:30"),
    ("12:40", "13:25"),
    ("13:35", "14:20"),
    ("14:25", "15:10"),
]

# subject, short, weekly hours in each class, teacher index by class position (4 classes)
SUBJECT_PLAN = [
    ("Język polski", "pol", 5, [0, 0, 1, 1]),
    ("Matematyka", "mat", 4, [2, 2, 2, 2]),
    ("Język angielski", "ang", 3, [3, 3, 3, 3]),
    ("Historia", "his", 2, [1, 1, 1, 1]),
    ("Przyroda", "prz", 2, [4, 4, 4, 4]),
    ("Wychowanie fizyczne", "wf", 4, [4, 4, 4, 4]),
    ("Plastyka", "pla", 1, [3, 3, 3, 3]),
    ("Muzyka", "muz", 1, [3, 3, 3, 3]),
    ("Informatyka", "inf", 1, [2, 2, 2, 2]),
    ("Religia", "rel", 2, [5, 5, 5, 5]),
]
ROOMS = ["12", "14", "15", "21", "22", "sg", "pracownia"]

SAMPLE_SCHOOL = {
    "name": "Szkoła Podstawowa nr 1 im. Tadeusza Kościuszki w Głogowie Małopolskim",
    "classes": ["4a", "5a", "6a", "7a"],
    "teachers": [
        ("Anna", "Kowalska", "anna.kowalska@sp1.glogow-mlp.pl"),
        ("Barbara", "Nowak", "barbara.nowak@sp1.glogow-mlp.pl"),
        ("Tomasz", "Wiśniewski", "tomasz.wisniewski@sp1.glogow-mlp.pl"),
        ("Katarzyna", "Wójcik", "katarzyna.wojcik@sp1.glogow-mlp.pl"),
        ("Paweł", "Kamiński", "pawel.kaminski@sp1.glogow-mlp.pl"),
        ("ks. Jan", "Lewandowski", "jan.lewandowski@sp1.glogow-mlp.pl"),
    ],
}


def place_lessons(classes: list[str]) -> list[tuple[int, int, int, int]]:
    """Cards as (class index, subject index, weekday 1–5, period), deterministic and collision-free."""
    remaining = {(c, s): plan[2] for c in range(len(classes)) for s, plan in enumerate(SUBJECT_PLAN)}
    busy_teacher, cards = set(), []
    per_day = {}
    for day in range(1, 6):
        for period in range(1, len(BELLS) + 1):
            for c in range(len(classes)):
                if per_day.get((c, day), 0) >= 5 and period <= 5:
                    continue
                options = sorted(
                    (
                        s
                        for s, plan in enumerate(SUBJECT_PLAN)
                        if remaining[(c, s)] > 0
                        and (plan[3][c], day, period) not in busy_teacher
                        and sum(1 for cc, ss, dd, _p in cards if cc == c and ss == s and dd == day) < 2
                    ),
                    key=lambda s: (-remaining[(c, s)], s),
                )
                if not options or (period > 5 and per_day.get((c, day), 0) >= 5 and day < 5):
                    continue
                s = options[0]
                remaining[(c, s)] -= 1
                busy_teacher.add((SUBJECT_PLAN[s][3][c], day, period))
                per_day[(c, day)] = per_day.get((c, day), 0) + 1
                cards.append((c, s, day, period))
    left = {k: v for k, v in remaining.items() if v}
    if left:  # pragma: no cover — the plan above always fits; a changed plan must too
        raise ValueError(f"could not place {left}")
    return cards


def asc_xml(*, name: str, classes: list[str], teachers: list[tuple[str, str, str]]) -> bytes:
    a = quoteattr
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<timetable importtype="database" options="idprefix:ASC,daynumbering1" displayname={a(name)}>',
        '  <periods options="canadd,export:silent" columns="period,name,short,starttime,endtime">',
    ]
    for n, (start, end) in enumerate(BELLS, start=1):
        out.append(f'    <period name="{n}" short="{n}" period="{n}" starttime="{start}" endtime="{end}"/>')
    out += ["  </periods>", '  <daysdefs options="canadd,export:silent" columns="id,name,short,days">']
    for i, (day, short) in enumerate(
        [("Poniedziałek", "Pn"), ("Wtorek", "Wt"), ("Środa", "Śr"), ("Czwartek", "Cz"), ("Piątek", "Pt")]
    ):
        out.append(f'    <daysdef id="D{i + 1}" name="{day}" short="{short}" days="{"0" * i}1{"0" * (4 - i)}"/>')
    out += ["  </daysdefs>", '  <subjects options="canadd,export:silent" columns="id,name,short,partner_id">']
    for i, (subject, short, _h, _t) in enumerate(SUBJECT_PLAN):
        out.append(f'    <subject id="S{i}" name={a(subject)} short="{short}" partner_id=""/>')
    out += [
        "  </subjects>",
        '  <teachers options="canadd,export:silent" columns="id,firstname,lastname,name,short,gender,color,email,mobile,partner_id">',  # noqa: E501
    ]
    for i, (first, last, email) in enumerate(teachers):
        out.append(
            f'    <teacher id="T{i}" firstname={a(first)} lastname={a(last)} name={a(first + " " + last)} '
            f'short="{first[0]}{last[0]}" gender="" color="#FF8080" email={a(email)} mobile="" partner_id=""/>'
        )
    out += [
        "  </teachers>",
        '  <classrooms options="canadd,export:silent" columns="id,name,short,capacity,buildingid,partner_id">',
    ]
    for i, room in enumerate(ROOMS):
        out.append(
            f'    <classroom id="R{i}" name={a("Sala " + room)} short={a(room)} capacity="*" buildingid="" partner_id=""/>'  # noqa: E501
        )
    out += [
        "  </classrooms>",
        '  <classes options="canadd,export:silent" columns="id,name,short,classroomids,teacherid,grade,partner_id">',
    ]
    for i, cls in enumerate(classes):
        out.append(
            f'    <class id="C{i}" name="{cls}" short="{cls}" classroomids="R{i}" teacherid="T{i}" grade="{cls[0]}" partner_id=""/>'  # noqa: E501
        )
    out += [
        "  </classes>",
        '  <groups options="canadd,export:silent" columns="id,classid,name,entireclass,divisiontag,studentcount">',
    ]
    for i, _cls in enumerate(classes):
        out.append(
            f'    <group id="G{i}" classid="C{i}" name="Cała klasa" entireclass="1" divisiontag="0" studentcount=""/>'
        )
    out += [
        "  </groups>",
        '  <lessons options="canadd,export:silent" columns="id,classids,subjectid,periodspercard,periodsperweek,teacherids,classroomids,groupids,capacity,seminargroup,termsdefid,weeksdefid,daysdefid,partner_id">',  # noqa: E501
    ]
    for c, _cls in enumerate(classes):
        for s, (_subject, short, hours, teacher_by_class) in enumerate(SUBJECT_PLAN):
            room = "R5" if short == "wf" else ("R6" if short == "inf" else f"R{c}")
            out.append(
                f'    <lesson id="L{c}_{s}" classids="C{c}" subjectid="S{s}" periodspercard="1" periodsperweek="{hours}.0" '  # noqa: E501
                f'teacherids="T{teacher_by_class[c]}" classroomids="{room}" groupids="G{c}" capacity="*" '
                f'seminargroup="" termsdefid="" weeksdefid="" daysdefid="" partner_id=""/>'
            )
    out += [
        "  </lessons>",
        '  <cards options="canadd,export:silent" columns="lessonid,period,days,weeks,terms,classroomids">',
    ]
    for c, s, day, period in place_lessons(classes):
        days = "0" * (day - 1) + "1" + "0" * (5 - day)
        out.append(
            f'    <card lessonid="L{c}_{s}" period="{period}" days="{days}" weeks="1" terms="1" classroomids=""/>'
        )
    out += ["  </cards>", "</timetable>", ""]
    return "\n".join(out).encode("utf-8")


def write_sample() -> Path:
    SAMPLE_PATH.write_bytes(asc_xml(**SAMPLE_SCHOOL))
    return SAMPLE_PATH
