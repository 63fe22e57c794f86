"""`eoffice demo`: create (or complete) the demo agency and print how to sign in."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo() -> None:
        """Tạo cơ quan mẫu "UBND tỉnh Demo": phòng ban, người dùng theo vai trò, khóa và chứng thư số mẫu."""
        from rich.console import Console
        from rich.table import Table

        from eoffice.backends import Backends
        from eoffice.db.migrate import upgrade
        from eoffice.demo import USERS, create_demo
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

        console = Console(highlight=False)
        if result.created:
            console.print("Đã tạo: " + ", ".join(result.created) + ".")
        else:
            console.print("Dữ liệu mẫu đã có sẵn, không cần tạo thêm.")
        table = Table(title=f"Tài khoản mẫu của {result.org.agency.name}")
        for column in ("Tên đăng nhập", "Họ và tên", "Chức vụ", "Mật khẩu"):
            table.add_column(column)
        for spec in USERS:
            password = result.passwords[spec.username] or "(đã được đổi)"
            table.add_row(spec.username, spec.full_name, spec.position, password)
        console.print(table)
        holders = {"lanhdao": "khóa ký số của lanhdao", "agency": "khóa ký số của cơ quan (văn thư giữ)"}
        for holder, what in holders.items():
            pin = result.pins.get(holder) or "(người giữ khóa đã đổi)"
            console.print(f"Mã PIN ký số mẫu, {what}: {pin}")
