class IngestionError(ValueError):
    """A source that cannot become a bank. The message is one line, fit to show a user."""
