"""Writes that span models. Each service is `<noun>_<verb>`, keyword-only, atomic."""
