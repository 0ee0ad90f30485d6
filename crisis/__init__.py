"""Crisis management: CAP 1.2 alerts, alert areas, subscriptions, broadcasts and per-recipient deliveries."""
