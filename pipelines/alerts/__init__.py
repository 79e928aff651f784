"""Alerts: render change records into messages (``alert``), the Atom feed (``atom``) and
the run summary (``report``)."""
