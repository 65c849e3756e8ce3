"""The local store: SQLAlchemy 2 models, repositories, migrations, field encryption.

Only this package imports SQLAlchemy. Import the submodules you need
(``kiosque.store.store.open_store``, ``kiosque.store.repos``…): this file stays empty so
that importing ``kiosque.store.hashing`` or ``crypto`` does not pay for SQLAlchemy.
"""
