"""CLI command groups, each registered on the main typer app by eoffice.cli."""
