"""Alembic environment: migrations run on the connection the app hands over, in its transaction."""

from alembic import context

from configurator.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
context.run_migrations()
