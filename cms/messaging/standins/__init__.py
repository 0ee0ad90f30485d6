"""Local stand-ins for the gateways (SMSAPI over HTTP, an SMTP server) on 127.0.0.1.

They speak the real protocols and count what they receive, so tests and benchmarks exercise the real
clients (``requests``, Django's SMTP backend) without sending anything. Never configure them in
production. See docs/messaging.md.
"""
