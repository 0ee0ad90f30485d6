"""Response hardening and operations helpers (issue 11): Content-Security-Policy, ``security.txt``,
safe serving of uploaded media, a rate limit for public forms and the ``security`` logger."""
