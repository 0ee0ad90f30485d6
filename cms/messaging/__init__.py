"""Outbound messages (e-mail now, SMS later) through a transactional outbox: see docs/messaging.md."""
