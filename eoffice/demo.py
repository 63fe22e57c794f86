"""`eoffice demo`: a complete demo agency to try eOffice with — idempotent, safe to run again.

Creates the agency "UBND tỉnh Demo" (mã định danh 000.00.00.H99), its departments, one user per role, a demo
CA with the agency's and the leader's PKCS#12 keys (see `eoffice.keys`), each sealed under a demo signing
PIN (`demo_signing_pin`, printed with the passwords), the leader's blue signature image and the agency's red
seal. The demo keys are made by whoever runs this command, so their PINs are known to the operator until
the holders set their own (`POST /api/v1/me/signing-pin`, `/agencies/{id}/signing-pin`); real keys are
enrolled by their holders. Then every function in `DEMO_DOCUMENT_HOOKS` adds its documents.

Passwords are derived from the installation's secret (`demo_password`): random per installation once
`EOFFICE_SECRET_KEY` is set, and stable, so running the command again prints the same ones. With the default
development secret they are the same on every developer machine (production refuses that secret). Existing
users are never changed: a password the user has since changed is reported as such, not reset.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.audit import record, snapshot
from eoffice.auth.passwords import hash_password, verify_password
from eoffice.backends import Backends
from eoffice.keys import (
    PIN_SCHEME,
    ca_certificate_key,
    check_pin_policy,
    key_object_key,
    pin_password,
    pkcs12_password,
    seal_pkcs12,
    store_pkcs12,
)
from eoffice.orgs.models import Agency, Department, Role, RoleAssignment, User
from signing.demo_images import seal_image, signature_image

AGENCY_CODE = "000.00.00.H99"
AGENCY_NAME = "UBND tỉnh Demo"

DEPARTMENTS = (
    ("VP", "Văn phòng"),
    ("NV", "Phòng Nội vụ"),
    ("TC", "Phòng Tài chính"),
    ("TP", "Phòng Tư pháp"),
)


@dataclass(frozen=True)
class DemoUserSpec:
    username: str
    full_name: str
    position: str
    department: str | None
    roles: tuple[Role, ...]


USERS = (
    DemoUserSpec("admin", "Đỗ Minh Quân", "Quản trị hệ thống", "VP", (Role.ADMIN,)),
    DemoUserSpec("vanthu", "Nguyễn Thị Thu", "Văn thư", "VP", (Role.CLERK,)),
    DemoUserSpec("chuyenvien", "Trần Văn Bình", "Chuyên viên", "NV", (Role.SPECIALIST,)),
    DemoUserSpec("truongphong", "Lê Thị Hoa", "Trưởng phòng Nội vụ", "NV", (Role.DEPARTMENT_HEAD,)),
    DemoUserSpec("lanhdao", "Nguyễn Văn An", "Chủ tịch", None, (Role.LEADER,)),
)
LEADER = "lanhdao"


@dataclass
class DemoOrg:
    """What `create_demo` made (or found): handed to every document hook."""

    agency: Agency
    departments: dict[str, Department]  # by abbreviation: VP, NV, TC, TP
    users: dict[str, User]  # by username: admin, vanthu, chuyenvien, truongphong, lanhdao


@dataclass
class DemoResult:
    org: DemoOrg
    passwords: dict[str, str | None]  # None: the user has changed the demo password since
    pins: dict[str, str | None] = field(default_factory=dict)  # by holder (lanhdao, agency); None: changed
    created: list[str] = field(default_factory=list)  # what this run added


DemoHook = Callable[[Session, Backends, DemoOrg], None]
DEMO_DOCUMENT_HOOKS: list[DemoHook] = []
"""Functions adding demo documents; each must be idempotent itself (it runs on every `eoffice demo`)."""


def _hooks() -> list[DemoHook]:
    """The starter legal corpus first (demo drafts cite it), then every registered document hook."""
    from eoffice.documents.demo import add_demo_documents
    from eoffice.legal import starter_corpus_demo_hook

    return [starter_corpus_demo_hook, add_demo_documents, *DEMO_DOCUMENT_HOOKS]


def demo_password(secret_key: str, username: str) -> str:
    """A readable password (three groups of four) derived from the installation's secret."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    digest = hmac.new(
        secret_key.encode(), f"eoffice/demo-password/{username}".encode(), hashlib.sha256
    ).digest()
    chars = [alphabet[b % len(alphabet)] for b in digest[:12]]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, 12, 4))


AGENCY_PIN_HOLDER = "agency"


def demo_signing_pin(secret_key: str, holder: str) -> str:
    """Six digits derived from the installation's secret, for a demo key's `holder` (a username, or
    `AGENCY_PIN_HOLDER`); the first derivation the PIN policy accepts."""
    from eoffice.errors import InvalidInput

    for attempt in range(100):
        digest = hmac.new(
            secret_key.encode(), f"eoffice/demo-signing-pin/{holder}/{attempt}".encode(), hashlib.sha256
        ).digest()
        pin = "".join(str(b % 10) for b in digest[:6])
        try:
            check_pin_policy(pin)
        except InvalidInput:
            continue
        return pin
    raise AssertionError("no demo PIN passes the policy")  # pragma: no cover - 100 tries never all fail


def _pin_still_demo(backends: Backends, ref: str, pin: str) -> bool:
    """Whether the key still opens with its demo PIN (the operator's own check, not a counted try)."""
    object_key = ref[len(PIN_SCHEME) :]
    data = b"".join(backends.objects.get(object_key))
    try:
        pkcs12.load_key_and_certificates(data, pin_password(backends.settings.secret_key, object_key, pin))
    except ValueError:
        return False
    return True


def create_demo(session: Session, backends: Backends) -> DemoResult:
    """Create whatever of the demo is missing, run the document hooks, and commit."""
    created: list[str] = []
    agency = _agency(session, created)
    departments = {abbr: _department(session, agency, abbr, name, created) for abbr, name in DEPARTMENTS}
    secret = backends.settings.secret_key
    users: dict[str, User] = {}
    passwords: dict[str, str | None] = {}
    for spec in USERS:
        password = demo_password(secret, spec.username)
        user = _user(session, agency, departments, spec, password, created)
        users[spec.username] = user
        passwords[spec.username] = password if verify_password(user.password_hash, password) else None
    # The demo's admin also holds the system role, so the demo can create a second agency (README).
    from eoffice.orgs.service import set_system_admin

    if set_system_admin(session, users["admin"], True, "eoffice demo"):
        created.append("quyền quản trị hệ thống cho admin")
    _keys_and_images(session, backends, agency, users[LEADER], created)
    pins: dict[str, str | None] = {}
    for holder, ref in ((LEADER, users[LEADER].signing_key_ref), (AGENCY_PIN_HOLDER, agency.signing_key_ref)):
        pin = demo_signing_pin(secret, holder)
        pins[holder] = pin if _pin_still_demo(backends, ref, pin) else None
    session.flush()
    org = DemoOrg(agency=agency, departments=departments, users=users)
    for hook in _hooks():
        hook(session, backends, org)
    session.commit()
    return DemoResult(org=org, passwords=passwords, pins=pins, created=created)


def _audit_created(session: Session, entity_type: str, entity: object, exclude: tuple[str, ...] = ()) -> None:
    record(
        session,
        actor_id=None,
        action=f"{entity_type}.create",
        entity_type=entity_type,
        entity_id=entity.id,  # type: ignore[attr-defined]
        after={**snapshot(entity, exclude=exclude), "source": "eoffice demo"},
    )


def _agency(session: Session, created: list[str]) -> Agency:
    agency = session.scalars(select(Agency).where(Agency.code == AGENCY_CODE)).one_or_none()
    if agency is None:
        agency = Agency(code=AGENCY_CODE, name=AGENCY_NAME, abbreviation="UBND", place="Demo", parent_name="")
        session.add(agency)
        session.flush()
        _audit_created(session, "agency", agency)
        created.append(f"cơ quan {AGENCY_NAME}")
    return agency


def _department(
    session: Session, agency: Agency, abbreviation: str, name: str, created: list[str]
) -> Department:
    department = session.scalars(
        select(Department).where(Department.agency_id == agency.id, Department.abbreviation == abbreviation)
    ).one_or_none()
    if department is None:
        department = Department(agency_id=agency.id, name=name, abbreviation=abbreviation)
        session.add(department)
        session.flush()
        _audit_created(session, "department", department)
        created.append(f"phòng ban {name}")
    return department


def _user(
    session: Session,
    agency: Agency,
    departments: dict[str, Department],
    spec: DemoUserSpec,
    password: str,
    created: list[str],
) -> User:
    user = session.scalars(select(User).where(User.username == spec.username)).one_or_none()
    if user is not None:
        return user
    department = departments[spec.department] if spec.department else None
    user = User(
        username=spec.username,
        full_name=spec.full_name,
        password_hash=hash_password(password),
        agency_id=agency.id,
        department_id=department.id if department else None,
        position=spec.position,
        email=f"{spec.username}@demo.eoffice.invalid",
    )
    user.roles = [RoleAssignment(agency_id=agency.id, role=role) for role in spec.roles]
    session.add(user)
    session.flush()
    _audit_created(session, "user", user, exclude=("password_hash",))
    created.append(f"người dùng {spec.username}")
    return user


# Keys, certificates and images ---------------------------------------------------------------------------


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "Demo"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
    years: int,
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if issuer_key is not key:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _p12(
    backends: Backends, object_key: str, name: str, key: rsa.RSAPrivateKey, cert: x509.Certificate, ca: list
) -> str:
    password = pkcs12_password(backends.settings.secret_key, object_key).encode()
    data = pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, ca, serialization.BestAvailableEncryption(password)
    )
    return store_pkcs12(backends, object_key, data)


def _load_ca(backends: Backends) -> tuple[rsa.RSAPrivateKey, x509.Certificate] | None:
    object_key = key_object_key(AGENCY_CODE, "ca")
    if not backends.objects.exists(object_key):
        return None
    data = b"".join(backends.objects.get(object_key))
    password = pkcs12_password(backends.settings.secret_key, object_key).encode()
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(data, password)
    except ValueError:  # made under another secret key: start a new demo CA
        return None
    if not isinstance(key, rsa.RSAPrivateKey) or cert is None:
        return None
    return key, cert


def _demo_ca(backends: Backends, created: list[str]) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    loaded = _load_ca(backends)
    if loaded is not None:
        return loaded
    key = _new_key()
    name = _name("eOffice Demo CA", "eOffice Demo")
    cert = _certificate(name, key, name, key, ca=True, years=10)
    _p12(backends, key_object_key(AGENCY_CODE, "ca"), "eOffice Demo CA", key, cert, [])
    backends.objects.put(
        ca_certificate_key(AGENCY_CODE),
        cert.public_bytes(serialization.Encoding.PEM),
        content_type="application/x-pem-file",
    )
    created.append("CA thử nghiệm")
    return key, cert


def _key_usable(backends: Backends, ref: str) -> bool:
    """A PIN-protected key that is there (its PIN may be the holder's own now: never replaced then); an old
    server-held key or a missing one is issued again."""
    return ref.startswith(PIN_SCHEME) and backends.objects.exists(ref[len(PIN_SCHEME) :])


def _issue(
    backends: Backends,
    ca: tuple[rsa.RSAPrivateKey, x509.Certificate],
    name: str,
    common_name: str,
    holder: str,
) -> str:
    ca_key, ca_cert = ca
    key = _new_key()
    cert = _certificate(_name(common_name, AGENCY_NAME), key, ca_cert.subject, ca_key, ca=False, years=3)
    pin = demo_signing_pin(backends.settings.secret_key, holder)
    object_key = key_object_key(AGENCY_CODE, name)
    return seal_pkcs12(backends, object_key, pin, common_name, key, cert, [ca_cert])


def _keys_and_images(
    session: Session, backends: Backends, agency: Agency, leader: User, created: list[str]
) -> None:
    needs_agency_key = not _key_usable(backends, agency.signing_key_ref)
    needs_leader_key = not _key_usable(backends, leader.signing_key_ref)
    if needs_agency_key or needs_leader_key:
        ca = _demo_ca(backends, created)
        if needs_agency_key:
            agency.signing_key_ref = _issue(backends, ca, "agency", agency.name, AGENCY_PIN_HOLDER)
            created.append("khóa ký số của cơ quan")
        if needs_leader_key:
            leader.signing_key_ref = _issue(backends, ca, leader.username, leader.full_name, leader.username)
            created.append(f"khóa ký số của {leader.username}")
    seal_key = f"images/{AGENCY_CODE}/seal.png"
    if agency.seal_image_key != seal_key or not backends.objects.exists(seal_key):
        backends.objects.put(seal_key, seal_image(agency.name), content_type="image/png")
        agency.seal_image_key = seal_key
        created.append("con dấu của cơ quan")
    signature_key = f"images/{AGENCY_CODE}/{leader.username}-signature.png"
    if leader.signature_image_key != signature_key or not backends.objects.exists(signature_key):
        backends.objects.put(signature_key, signature_image(leader.full_name), content_type="image/png")
        leader.signature_image_key = signature_key
        created.append(f"chữ ký của {leader.username}")
