"""The store database: the quote register, price overrides, user parts, confirmed values,
calibration runs and each store's quote settings, shared by every copy of the app in a chain.

SQLAlchemy 2 on SQLite (one machine, the default: a file in the user data folder) or
PostgreSQL (a chain's server, psycopg 3); Alembic migrations ship inside this package and run
when a database is opened. Importing this package loads no database library: ``config`` and
``errors`` are light, and ``engine`` is imported only where a database is really used, so
validating a build or showing the main window never pays for it.
"""
