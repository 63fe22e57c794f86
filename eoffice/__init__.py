"""eoffice package."""
