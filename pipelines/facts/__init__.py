"""Facts: reconcile claims across outlets and days (``reconcile``) and diff fact snapshots
into change records (``diff``)."""
