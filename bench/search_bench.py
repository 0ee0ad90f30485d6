"""Latency of the site search over 5,000 pages (issue #3: p99 under 200 ms on PostgreSQL).

Usage (from the repository root)::

    .venv/bin/python bench/search_bench.py --db postgres   # throwaway database ratusz_search_bench
    .venv/bin/python bench/search_bench.py --db sqlite     # throwaway SQLite file in a temp directory

It builds a fresh database, bulk-creates 5,000 live pages (plus 250 documents) with Polish text
generated from a vocabulary of inflected words, indexes them with the real normalisation
(``home.sitesearch.text``) and the same bulk path as ``manage.py search_rebuild`` (one ``UPDATE``
computes every ``tsvector``), and puts 100 of the pages under a view restriction (an intranet). Then
it runs a fixed-seed mix of queries — one to three words, with and without diacritics, prefixes,
a quarter of them filtered by kind — through ``home.selectors.search_pages``, the selector the view
uses, fetching the counts and the first page of ten results; and a smaller mix through the Django
test client for the whole ``/szukaj/`` page (template included, page cache off). It prints
p50/p95/p99/max in milliseconds. The PostgreSQL database is dropped at the end.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "ratusz_search_bench"

# Stems with their endings: every generated word is a real inflected Polish form.
VOCABULARY = """
podatek podatku podatkiem podatki podatków | opłata opłaty opłacie opłat opłatami | gmina gminy gminie gminą
urząd urzędu urzędzie urzędem | wniosek wniosku wnioski wniosków wnioskiem | zaświadczenie zaświadczenia zaświadczeń
dowód dowodu dowody osobisty osobistego | meldunek meldunku zameldowanie zameldowania wymeldowanie
odpady odpadów odpadami komunalne komunalnych | harmonogram harmonogramu odbiór odbioru wywóz wywozu
szkoła szkoły szkole szkół podstawowa podstawowej | przedszkole przedszkola przedszkolu przedszkoli nabór naboru
biblioteka biblioteki bibliotece książki książek czytelnia czytelni | ferie zimowe wakacje zajęcia zajęć dzieci dzieciom
nieruchomość nieruchomości nieruchomościami | rolny rolnego leśny leśnego
rata raty ratach termin terminu płatność płatności
budżet budżetu obywatelski obywatelskiego projekt projektu projekty projektów głosowanie głosowania
droga drogi drodze dróg remont remontu przebudowa przebudowy inwestycja inwestycji inwestycje
kanalizacja kanalizacji wodociąg wodociągu woda wody ścieki ścieków | sołectwo sołectwa sołectw sołtys sołtysa
rada rady radzie sesja sesji uchwała uchwały uchwał | burmistrz burmistrza zarządzenie zarządzenia
ogłoszenie ogłoszenia przetarg przetargu przetargi konkurs konkursu | mieszkańcy mieszkańców mieszkańcom
zdrowie zdrowia przychodnia przychodni | pomoc pomocy społecznej ośrodek ośrodka | kultura kultury dom domu
sport sportu boisko boiska hala hali basen basenu | turystyka turystyki szlak szlaku rowerowy rowerowego
ostrzeżenie ostrzeżenia upał upału burza burzy powódź powodzi | alarm alarmu komunikat komunikatu komunikaty
rejestracja rejestracji działalność działalności gospodarczej firma firmy | pies psa psów zwierzęta zwierząt
cmentarz cmentarza | ślub ślubu akt aktu stanu cywilnego | pogrzeb pogrzebu | dotacja dotacji dofinansowanie
""".replace("|", " ").split()
FILLER = "w na do z i o od dla oraz przez przy po za jest są będzie można należy prosimy informujemy".split()
PLACES = "Głogów Małopolski Rogoźnica Styków Wysoka Głogowska Rudna Mała Pogwizdów Zabajka Budy Głogowskie".split()


# Word frequencies follow Zipf's law, as in real text: a few words are on every page, most on few.
_ZIPF_ORDER = random.Random(7).sample(VOCABULARY, len(VOCABULARY))
_ZIPF_WEIGHTS = [1 / rank for rank in range(1, len(_ZIPF_ORDER) + 1)]


def sentence(rng: random.Random, length: int) -> str:
    words = []
    for _ in range(length):
        pool = rng.random()
        if pool < 0.35:
            words.append(rng.choice(FILLER))
        elif pool < 0.4:
            words.append(rng.choice(PLACES))
        else:
            words.append(rng.choices(_ZIPF_ORDER, weights=_ZIPF_WEIGHTS)[0])
    return " ".join(words).capitalize() + "."


def queries(rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    """(query, ?typ=) pairs: one to three words, half typed without diacritics, a fifth as prefixes."""
    from anyascii import anyascii

    kinds = [None, None, None, "strony", "aktualnosci", "jednostki", "dokumenty"]
    result = []
    for _ in range(count):
        words = []
        for _ in range(rng.choice([1, 1, 2, 2, 2, 3])):
            word = rng.choice(VOCABULARY + PLACES)
            if rng.random() < 0.2 and len(word) > 5:
                word = word[: rng.randint(4, len(word) - 1)]
            if rng.random() < 0.5:
                word = anyascii(word)
            words.append(word.lower() if rng.random() < 0.8 else word)
        result.append((" ".join(words), rng.choice(kinds)))
    return result


def setup_django(db: str, database_url: str) -> str:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["RATUSZ_PAGE_CACHE_SECONDS"] = "0"
    if db == "postgres":
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = f"{database_url.rsplit('/', 1)[0]}/{BENCH_DB}"
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["RATUSZ_VAR_DIR"] = tempfile.mkdtemp(prefix="ratusz-search-bench-")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return os.environ.get("DATABASE_URL", os.environ.get("RATUSZ_VAR_DIR", ""))


def drop_database(database_url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def build(pages: int, documents: int, rng: random.Random) -> float:
    """Bulk-create the pages, documents, units and their index entries; returns seconds taken."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, Page, PageViewRestriction, Site

    from cms.units.models import OrgUnit
    from home.sitesearch.models import SearchEntry
    from home.sitesearch.services import _vector, uses_full_text
    from home.sitesearch.text import index_tokens

    started = time.perf_counter()
    with transaction.atomic():
        root = Site.objects.get(is_default_site=True).root_page
        public = root.add_child(instance=Page(title="Serwis", slug="serwis"))
        intranet = root.add_child(instance=Page(title="Intranet", slug="intranet"))
        PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
        units = OrgUnit.objects.bulk_create(
            OrgUnit(
                code=f"J{i}",
                name=f"Szkoła Podstawowa nr {i} w Głogowie",
                street="ul. Szkolna 1",
                postal_code="36-060",
                city="Głogów Małopolski",
            )
            for i in range(19)
        )
        page_type = ContentType.objects.get_for_model(Page)
        now = timezone.now()
        rows, entries = [], []
        for i in range(pages):
            parent = intranet if i < 100 else public
            step = i + 1 if i < 100 else i - 99
            title = sentence(rng, rng.randint(3, 8))[:-1]
            body = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(8, 30)))
            slug = f"strona-{i}"
            rows.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=page_type,
                    live=True,
                    path=Page._get_path(parent.path, parent.depth + 1, step),
                    depth=parent.depth + 1,
                    url_path=f"{parent.url_path}{slug}/",
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=parent.locale_id,
                )
            )
            kind = rng.choices(["page", "news", "unit"], weights=[60, 35, 5])[0]
            entries.append(
                SearchEntry(
                    kind=kind,
                    title=title,
                    summary=body[:300],
                    date=(now - timezone.timedelta(days=rng.randint(0, 2000))).date(),
                    unit=rng.choice(units) if rng.random() < 0.3 else None,
                    title_tokens=index_tokens(title),
                    body_tokens=index_tokens(body),
                )
            )
        Page.objects.bulk_create(rows, batch_size=500)
        Page.objects.filter(pk__in=[public.pk, intranet.pk]).update(numchild=0)
        Page.objects.filter(pk=intranet.pk).update(numchild=100)
        Page.objects.filter(pk=public.pk).update(numchild=pages - 100)
        page_ids = dict(
            Page.objects.filter(depth=public.depth + 1, slug__startswith="strona-").values_list("slug", "pk")
        )
        for i, entry in enumerate(entries):
            entry.page_id = page_ids[f"strona-{i}"]
        collection = Collection.get_first_root_node()
        docs = get_document_model().objects.bulk_create(
            get_document_model()(
                title=sentence(rng, rng.randint(3, 9))[:-1],
                file=f"documents/plik-{i}.pdf",
                collection=collection,
                file_size=100_000,
            )
            for i in range(documents)
        )
        entries += [
            SearchEntry(kind="document", document=d, title=d.title, title_tokens=index_tokens(d.title), date=now.date())
            for d in docs
        ]
        SearchEntry.objects.bulk_create(entries, batch_size=500)
        if uses_full_text():
            SearchEntry.objects.update(search_vector=_vector())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:.1f} | p95 {cuts[94]:.1f} | p99 {cuts[98]:.1f} | max {max(samples):.1f} ms"


def measure(mix, run) -> list[float]:
    for query, kind in mix[:20]:  # warm connections, caches, the stemmer
        run(query, kind)
    timings = []
    for query, kind in mix:
        started = time.perf_counter()
        run(query, kind)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--documents", type=int, default=250)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--page-requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (for EXPLAIN)")
    args = parser.parse_args()

    setup_django(args.db, args.database_url)
    try:
        from django.db import connection
        from django.test import Client

        from home.selectors import search_pages
        from home.sitesearch.models import SearchEntry
        from home.views import clean_query

        rng = random.Random(args.seed)
        seconds = build(args.pages, args.documents, rng)
        mix = queries(rng, args.queries)

        matches = []

        def selector(query, kind):
            found = search_pages(query=clean_query(query)[0], kind=kind)
            list(found.results[:10])
            matches.append(found.total_all)

        client = Client()

        def whole_page(query, kind):
            response = client.get("/szukaj/", {"q": query, **({"typ": kind} if kind else {})})
            assert response.status_code == 200, response.status_code

        selector_ms = measure(mix, selector)
        page_ms = measure(mix[: args.page_requests], whole_page)
        vendor = connection.vendor
        say(
            f"site search benchmark — {vendor}, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs ({platform.machine()})"
        )
        say(
            f"index: {SearchEntry.objects.count()} entries ({args.pages} pages, 100 of them restricted, "
            f"{args.documents} documents), built in {seconds:.1f} s"
        )
        say(f"matches per query: median {statistics.median(matches[20:]):.0f}, max {max(matches[20:])}")
        say(f"selector (counts + first 10 results), {len(selector_ms)} queries: {percentiles(selector_ms)}")
        say(f"/szukaj/ whole page (test client), {len(page_ms)} requests: {percentiles(page_ms)}")
    finally:
        if args.db == "postgres" and not args.keep:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
