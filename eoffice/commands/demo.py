"""`eoffice demo`: create (or complete) the demo agency and print how to sign in."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from eoffice.demo import DemoResult


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo() -> None:
        """Tạo cơ quan mẫu "UBND tỉnh Demo": phòng ban, người dùng theo vai trò, khóa và chứng thư số mẫu."""
        from eoffice.backends import Backends
        from eoffice.db.migrate import upgrade
        from eoffice.demo import create_demo
        from eoffice.documents.demo import demo_documents
        from eoffice.processing import apply_changes_now
        from eoffice.settings import get_settings

        settings = get_settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(settings.database_url)
        backends = Backends(settings)
        try:
            with backends.sessions() as session:
                result = create_demo(session, backends)
                ids = demo_documents(session, result.org)
            # What a worker would do with the demo's documents (text, index), done here so that
            # `eoffice search` finds them before the server has ever run.
            apply_changes_now(backends, ids)
        finally:
            backends.close()

        _print_first_screen(result, settings.public_url)


def _print_first_screen(result: DemoResult, public_url: str) -> None:
    """What `make run` leaves on the screen before the server starts: where to open the app and, in one
    table that fits 80 columns, each demo account with its password and, for the two key holders, the
    signing PIN."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from eoffice.demo import AGENCY_PIN_HOLDER, LEADER, USERS
    from eoffice.orgs.models import Role

    console = Console(highlight=False)
    if result.created:
        console.print("Đã tạo: " + ", ".join(result.created) + ".")
    else:
        console.print("Dữ liệu mẫu đã có sẵn, không cần tạo thêm.")
    address = public_url.rstrip("/") + "/"
    console.print()
    console.print(f"Mở eOffice tại [bold]{address}[/] và đăng nhập bằng một tài khoản dưới đây.")
    table = Table(
        title=f"Tài khoản mẫu của {result.org.agency.name}", title_justify="left", box=box.SIMPLE_HEAD
    )
    for column in ("Tên đăng nhập", "Họ và tên", "Chức vụ", "Mật khẩu", "PIN ký số"):
        table.add_column(column, no_wrap=column in ("Tên đăng nhập", "Mật khẩu", "PIN ký số"))
    for spec in USERS:
        password = result.passwords[spec.username] or "(đã đổi)"
        if spec.username == LEADER:
            holder: str | None = LEADER
        elif Role.CLERK in spec.roles:
            holder = AGENCY_PIN_HOLDER  # the văn thư types the agency's PIN when issuing a number
        else:
            holder = None
        pin = (result.pins.get(holder) or "(đã đổi)") if holder else ""
        table.add_row(spec.username, spec.full_name, spec.position, password, pin)
    console.print(table)
    console.print(
        "PIN ký số được hỏi khi ký: lãnh đạo nhập PIN khóa của mình khi ký văn bản; văn thư nhập PIN con dấu "
        "số của cơ quan khi cấp số."
    )
