"""Function-based views, one module per area."""
