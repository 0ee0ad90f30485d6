"""The service catalogue: service cards (karta usługi), categories and life events, ``/uslugi/``."""
