"""`eoffice admin grant-system USER` / `revoke-system USER`: the system role (quản trị hệ thống).

Creating agencies is this role's alone; an agency admin cannot give it, so it is given here, by whoever
runs the server (and by `eoffice demo` to the demo's `admin`). Each change is audited.
"""

from __future__ import annotations

from typing import Annotated

import typer


def _set(username: str, granted: bool) -> None:
    from sqlalchemy import select

    from eoffice.backends import Backends
    from eoffice.cli import fail
    from eoffice.orgs.models import User
    from eoffice.orgs.service import set_system_admin
    from eoffice.settings import get_settings

    backends = Backends(get_settings())
    try:
        with backends.sessions() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                raise fail(f"không có người dùng {username}.")
            changed = set_system_admin(session, user, granted, "eoffice admin")
            session.commit()
    finally:
        backends.close()
    state = "có" if granted else "không còn"
    note = "" if changed else " (không thay đổi)"
    typer.echo(f"{username} {state} quyền quản trị hệ thống{note}.")


def register(app: typer.Typer) -> None:
    admin_app = typer.Typer(help="Quản trị hệ thống.", no_args_is_help=True)

    @admin_app.command("grant-system")
    def grant_system(username: Annotated[str, typer.Argument(help="Tên đăng nhập")]) -> None:
        """Cấp quyền quản trị hệ thống (tạo cơ quan mới) cho một người dùng."""
        _set(username, True)

    @admin_app.command("revoke-system")
    def revoke_system(username: Annotated[str, typer.Argument(help="Tên đăng nhập")]) -> None:
        """Thu hồi quyền quản trị hệ thống của một người dùng."""
        _set(username, False)

    app.add_typer(admin_app, name="admin")
