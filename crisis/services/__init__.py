"""Writes of the crisis app, one module per area: ``alerts`` (compose, four-eyes approval, cancel),
``subscriptions`` (subscribe, confirm, unsubscribe, import), ``broadcast`` (fan-out and delivery)."""
