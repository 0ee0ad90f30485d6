from django.core.management.base import BaseCommand

from home.sitesearch.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the site search index (/szukaj/) from every live page and every document."

    def handle(self, *args, **options):
        count = search_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Site search index rebuilt: {count} entries."))
