"""`eoffice demo`: the demo agency, its users, keys and images; running it twice changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from typer.testing import CliRunner

from eoffice.audit import AuditRecord, verify_chain
from eoffice.demo import (
    AGENCY_CODE,
    AGENCY_PIN_HOLDER,
    DEMO_DOCUMENT_HOOKS,
    USERS,
    create_demo,
    demo_password,
    demo_signing_pin,
)
from eoffice.keys import signer_for_agency, signer_for_user, trust_for_agency
from eoffice.orgs.models import Agency, Department, Role, User
from signing import PadesSigner, TrustSettings
from signing.demo_document import demo_document_pdf
from signing.validation import validate_pdf


def _counts(session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Agency, Department, User, AuditRecord)
    )


def _run_cli(monkeypatch, settings) -> tuple[int, str]:
    from eoffice.cli import app
    from eoffice.settings import get_settings

    for name, value in {
        "EOFFICE_DATA_DIR": str(settings.data_dir),
        "EOFFICE_DATABASE_URL": settings.database_url,
        "EOFFICE_STORAGE_URL": settings.storage_url,
        "EOFFICE_SEARCH_URL": settings.search_url,
        "EOFFICE_SECRET_KEY": settings.secret_key,
        "EOFFICE_ENVIRONMENT": "test",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["demo"])
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.stdout + result.stderr


def test_demo_twice_is_idempotent_and_every_user_can_sign_in(app, session, settings, monkeypatch) -> None:
    hook_runs: list[str] = []
    DEMO_DOCUMENT_HOOKS.append(lambda _session, _backends, org: hook_runs.append(org.agency.code))
    try:
        code, first = _run_cli(monkeypatch, settings)
        assert code == 0, first
        counts = _counts(session)
        code, second = _run_cli(monkeypatch, settings)
        assert code == 0, second
    finally:
        DEMO_DOCUMENT_HOOKS.pop()

    session.expire_all()
    assert _counts(session) == counts
    assert hook_runs == [AGENCY_CODE, AGENCY_CODE]
    assert "không cần tạo thêm" in second
    agency = session.scalars(select(Agency).where(Agency.code == AGENCY_CODE)).one()
    assert (agency.name, agency.abbreviation, agency.place) == ("UBND tỉnh Demo", "UBND", "Demo")
    assert {d.abbreviation for d in agency.departments} >= {"VP", "NV", "TC"}
    assert verify_chain(session).ok

    for spec in USERS:
        password = demo_password(settings.secret_key, spec.username)
        assert password in first and password in second  # the same passwords printed both times
        with TestClient(app) as browser:
            response = browser.post(
                "/api/v1/auth/login", json={"username": spec.username, "password": password}
            )
            assert response.status_code == 200, (spec.username, response.text)
            me = browser.get("/api/v1/auth/me").json()
            assert me["full_name"] == spec.full_name and me["agency"]["code"] == AGENCY_CODE
            assert set(me["roles"]) == {role.value for role in spec.roles}
    roles = {
        u.username: {a.role for a in u.roles}
        for u in session.scalars(select(User).where(User.agency_id == agency.id))
    }
    assert (
        roles["admin"] == {Role.ADMIN}
        and roles["lanhdao"] == {Role.LEADER}
        and roles["vanthu"] == {Role.CLERK}
    )


def test_demo_keys_sign_documents_that_validate_against_the_demo_ca(backends, session) -> None:
    create_demo(session, backends)
    agency = session.scalars(select(Agency).where(Agency.code == AGENCY_CODE)).one()
    leader = session.scalars(select(User).where(User.username == "lanhdao")).one()

    secret = backends.settings.secret_key
    leader_signer = signer_for_user(session, backends, leader, demo_signing_pin(secret, "lanhdao"))
    agency_signer = signer_for_agency(session, backends, agency, demo_signing_pin(secret, AGENCY_PIN_HOLDER))
    assert leader_signer.subject_name == leader.full_name
    assert agency_signer.subject_name == agency.name

    trust = trust_for_agency(backends, agency, allow_fetching=False)
    pdf = demo_document_pdf()
    signed = PadesSigner(agency_signer).sign(PadesSigner(leader_signer).sign(pdf))
    report = validate_pdf(signed, trust)
    assert len(report.signatures) == 2
    assert all(s.intact and s.trusted for s in report.signatures), [s.problems for s in report.signatures]
    assert not validate_pdf(signed, TrustSettings(allow_fetching=False)).signatures[0].trusted

    seal = Image.open(backends.objects.open(agency.seal_image_key))
    signature = Image.open(backends.objects.open(leader.signature_image_key))
    assert seal.mode == "RGBA" and signature.mode == "RGBA"
    red, green, _blue, _alpha = max(seal.getdata(), key=lambda px: px[3])
    assert red > 150 and green < 100
    _red, _green, blue, _alpha = max(signature.getdata(), key=lambda px: px[3])
    assert blue > 150


def test_demo_prints_where_to_open_the_app_and_each_account_once(app, settings, monkeypatch) -> None:
    """The screen `make run` leaves before the server starts: the address, then one row per demo account
    with its password, and the signing PINs on the rows of the two who type them."""
    code, output = _run_cli(monkeypatch, settings)
    assert code == 0, output
    assert f"Mở eOffice tại {settings.public_url}/" in output
    rows = {
        line.split()[0]: line
        for line in output.splitlines()
        if line.split()[:1] in ([s.username] for s in USERS)
    }
    assert set(rows) == {spec.username for spec in USERS}
    for spec in USERS:
        password = demo_password(settings.secret_key, spec.username)
        assert output.count(password) == 1 and password in rows[spec.username]
    leader_pin = demo_signing_pin(settings.secret_key, "lanhdao")
    agency_pin = demo_signing_pin(settings.secret_key, AGENCY_PIN_HOLDER)
    assert (
        leader_pin in rows["lanhdao"] and agency_pin in rows["vanthu"]
    )  # the văn thư holds the agency's key
    assert output.count(leader_pin) == 1 and output.count(agency_pin) == 1
