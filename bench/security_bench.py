"""Cost of the issue-11 hardening per request: the Content-Security-Policy middleware (public page, admin
page, a 500 page whose <style> block is hashed) and one form rate-limit check against the cache.

    .venv/bin/python bench/security_bench.py [--iterations 20000] [--redis-url redis://127.0.0.1:6379/14]

Runs without a database (cms.settings.dev; the cache is Redis with --redis-url, else the file cache):
the middleware and the limiter are called directly, so the figures are the added time per request,
not a page's time (docs/benchmarks.md).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _time(fn, iterations: int) -> tuple[float, float]:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(iterations):
            fn()
        samples.append((time.perf_counter() - start) / iterations * 1e6)
    return statistics.median(samples), min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=20000)
    parser.add_argument("--redis-url", default="")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")  # Redis cache with REDIS_URL, else on disk
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    import django

    django.setup()
    from django.conf import settings
    from django.http import HttpResponse
    from django.test import RequestFactory

    from cms.security import ratelimit
    from cms.security.csp import ContentSecurityPolicyMiddleware

    factory = RequestFactory()
    page = HttpResponse("<html><body>" + "x" * 20000 + "</body></html>")
    error = HttpResponse("<html><style>body{color:red}</style>" + "x" * 4000 + "</html>", status=500)
    public = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(page.content))
    admin = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(page.content))
    failing = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(error.content, status=500))
    baseline = lambda: HttpResponse(page.content)  # noqa: E731
    request, admin_request = factory.get("/aktualnosci/"), factory.get("/admin/pages/")
    settings.RATUSZ_FORM_RATE_LIMITS = {"bench": (10**9, 3600)}
    rows = [
        ("HttpResponse alone (baseline)", _time(baseline, args.iterations)),
        ("+ CSP, public page", _time(lambda: public(request), args.iterations)),
        ("+ CSP, admin page", _time(lambda: admin(admin_request), args.iterations)),
        ("+ CSP, 500 page (style hash)", _time(lambda: failing(request), args.iterations)),
        (
            f"rate-limit check ({'Redis' if args.redis_url else 'file cache'})",
            _time(lambda: ratelimit.rate_limit_hit(scope="bench", ip="203.0.113.7"), max(1000, args.iterations // 10)),
        ),
    ]
    print(f"{'what':40} {'median µs':>10} {'best µs':>10}")  # noqa: T201
    for name, (median, best) in rows:
        print(f"{name:40} {median:10.1f} {best:10.1f}")  # noqa: T201


if __name__ == "__main__":
    main()
