"""Backups against whoever can read or write where they are kept: private (0600), optionally encrypted with a
passphrase so password hashes and peer secrets are not in clear, and a manifest signed with the audit key so a
tampered backup is refused by restore — on both database backends."""

from __future__ import annotations

import json
import os
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from eoffice.backends import Backends
from eoffice.maintenance import BackupUnreadable, backup, is_encrypted, restore
from eoffice.orgs.models import Role, User
from eoffice.settings import Settings
from tests.eoffice.conftest import TEST_SECRET

PASSPHRASE = "mật khẩu sao lưu thử nghiệm 2026"


def _key_hex(settings: Settings) -> str:
    return str(json.loads((Path(settings.data_dir) / "audit.key").read_text())["key"])


def _target(tmp_path: Path, settings: Settings, name: str) -> Settings:
    """An empty embedded installation holding the source's audit key (moved with the installation)."""
    data = tmp_path / name
    return Settings(environment="test", data_dir=data, secret_key=TEST_SECRET, audit_key=_key_hex(settings))


def _password_hash(session: Any, user: User) -> str:
    return str(session.scalar(select(User.password_hash).where(User.id == user.id)))


def test_backup_is_private_and_signed(backends, session, settings, make_user, tmp_path: Path) -> None:
    make_user(roles=[Role.ADMIN])
    folder = tmp_path / "folder-backup"
    backup(backends, folder)
    archive = tmp_path / "backup.tar"
    backup(backends, archive)

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert (folder / "manifest.sig").is_file()
    secret = _key_hex(settings)
    assert all(secret not in path.read_text(errors="replace") for path in folder.rglob("*.json*"))
    assert secret.encode() not in archive.read_bytes()


def test_encrypted_backup_holds_no_password_hash_in_clear(
    backends, session, settings, make_user, tmp_path: Path
) -> None:
    user = make_user(roles=[Role.CLERK])
    digest = _password_hash(session, user)
    plain = tmp_path / "plain.tar"
    backup(backends, plain)
    assert digest.encode() in plain.read_bytes()  # what encryption is for

    sealed = tmp_path / "sealed.tar.enc"
    backup(backends, sealed, passphrase=PASSPHRASE)
    data = sealed.read_bytes()
    assert is_encrypted(sealed) and stat.S_IMODE(sealed.stat().st_mode) == 0o600
    assert digest.encode() not in data and b"argon2" not in data and b"password_hash" not in data
    assert not tarfile.is_tarfile(sealed)

    target = _target(tmp_path, settings, "wrong")
    wrong = Backends(target)
    try:
        with pytest.raises(BackupUnreadable, match="sai mật khẩu"):
            restore(wrong, sealed, passphrase="không phải mật khẩu này")
    finally:
        wrong.close()

    flipped = tmp_path / "flipped.tar.enc"
    flipped_bytes = bytearray(data)
    flipped_bytes[len(flipped_bytes) // 2] ^= 0x01
    flipped.write_bytes(bytes(flipped_bytes))
    target = _target(tmp_path, settings, "flipped")
    damaged = Backends(target)
    try:
        with pytest.raises(BackupUnreadable):
            restore(damaged, flipped, passphrase=PASSPHRASE)
    finally:
        damaged.close()

    target = _target(tmp_path, settings, "restored")
    restored = Backends(target)
    try:
        result = restore(restored, sealed, passphrase=PASSPHRASE)
        assert result.audit_ok and not result.problems, result
        with restored.sessions() as other:
            assert _password_hash(other, user) == digest
    finally:
        restored.close()


def _forge_password(folder: Path, user: User, new_hash: str) -> None:
    """What an attacker with write access to the backup does: change a user's password hash, then fix the
    manifest's checksum of that table so the backup looks whole."""
    import hashlib

    table = folder / "database" / "users.jsonl"
    table.chmod(0o600)
    rows = [json.loads(line) for line in table.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        if row["id"] == user.id:
            row["password_hash"] = new_hash
    table.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), "utf-8")
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["tables"]["users"]["sha256"] = hashlib.sha256(table.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def _rows(settings: Settings) -> int:
    backends = Backends(settings)
    try:
        with backends.engine.connect() as connection:
            tables = connection.execute(text("SELECT 1 FROM users LIMIT 1")).all()
        return len(tables)
    except Exception:  # noqa: BLE001 — a target never migrated has no table at all: nothing was restored
        return 0
    finally:
        backends.close()


def test_tampered_manifest_is_refused(
    backends, session, settings, make_user, tmp_path: Path, monkeypatch
) -> None:
    victim = make_user(roles=[Role.ADMIN])
    folder = tmp_path / "tampered"
    backup(backends, folder)
    _forge_password(folder, victim, "$argon2id$v=19$m=65536,t=3,p=4$forged$forged")

    target = _target(tmp_path, settings, "target")
    with pytest.raises(BackupUnreadable, match="Chữ ký manifest"):
        into = Backends(target)
        try:
            restore(into, folder)
        finally:
            into.close()
    assert _rows(target) == 0  # nothing written

    # The stable command line says the same and exits non-zero.
    from eoffice.cli import app
    from eoffice.settings import get_settings

    for name, value in {
        "EOFFICE_DATA_DIR": str(target.data_dir),
        "EOFFICE_DATABASE_URL": target.database_url,
        "EOFFICE_STORAGE_URL": target.storage_url,
        "EOFFICE_SEARCH_URL": target.search_url,
        "EOFFICE_AUDIT_KEY": target.audit_key,
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        outcome = CliRunner().invoke(app, ["restore", str(folder)])
    finally:
        get_settings.cache_clear()
    assert outcome.exit_code == 1 and "Chữ ký manifest" in outcome.stderr

    # Removing the signature does not help either.
    (folder / "manifest.sig").unlink()
    into = Backends(target)
    try:
        with pytest.raises(BackupUnreadable, match="không có chữ ký"):
            restore(into, folder)
    finally:
        into.close()


def test_a_backup_restores_only_with_the_installations_key(
    backends, session, settings, make_user, tmp_path: Path
) -> None:
    make_user(roles=[Role.ADMIN])
    folder = tmp_path / "genuine"
    backup(backends, folder)
    stranger = Settings(
        environment="test", data_dir=tmp_path / "stranger", secret_key=TEST_SECRET, audit_key="ab" * 32
    )
    into = Backends(stranger)
    try:
        with pytest.raises(BackupUnreadable, match="Chữ ký manifest"):
            restore(into, folder)
    finally:
        into.close()

    target = _target(tmp_path, settings, "genuine-target")
    into = Backends(target)
    try:
        result = restore(into, folder)
        assert result.audit_ok and not result.problems, result
        with into.sessions() as other:
            assert other.scalar(select(func.count()).select_from(User)) == session.scalar(
                select(func.count()).select_from(User)
            )
    finally:
        into.close()
    assert os.path.exists(folder / "manifest.sig")
