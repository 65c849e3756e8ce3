"""Alembic migrations of the store (run by :func:`kiosque.store.migrate.upgrade_to_head`)."""
