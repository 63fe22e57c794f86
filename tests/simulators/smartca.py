"""A local simulator of VNPT SmartCA remote signing, written from its documented API, for tests only: real
HTTP on 127.0.0.1, OAuth2 password grant, CSC-style credential calls, and signatures that wait for the
holder's approval "on the phone" — which the test gives through Python methods on the simulator
(`approve`, `reject`, `expire`), never through HTTP, so nothing a product could call approves a signature.

It shares no code with eOffice's client (`signing/smartca.py`): a mistake in either side's reading of the
protocol shows up as a failed signature instead of cancelling out. Its signatures are real RSA PKCS#1 v1.5
signatures over the hashes it was sent, made with a test key whose certificate the tests' validator trusts.

Calls (JSON in and out; every answer is `{"code": 0, "message": "...", "content": ...}`, a refusal a non-zero
`code` with an HTTP error status):

- `POST /auth/token` `{grant_type: "password", client_id, client_secret, username, password}` →
  `{access_token, token_type: "Bearer", expires_in}` (the OAuth2 fields at the top level, as OAuth2 says).
- `POST /csc/credentials/list` `{}` → `content: [credentialId, ...]`.
- `POST /csc/credentials/info` `{credentialId, certificates: "chain"}` →
  `content: {cert: {status: "VALID", certificates: [base64 DER, signer first]}}`.
- `POST /csc/signature/signhash` `{credentialId, refTranId, description, datas: [{name, hash}]}` (hash: base64
  of a SHA-256 digest) → `content: {tranId, expiredIn}`; the holder must approve.
- `POST /csc/credentials/gettraninfo` `{tranId}` → `content: {tranId, tranStatus, documents}`: `tranStatus` 1
  success (`documents: [{name, sig}]`, sig base64), 4000 waiting, 4001 expired, 4002 rejected.
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.simulators.serving import serving

SUCCESS, WAITING, EXPIRED, REJECTED = 1, 4000, 4001, 4002


@dataclass
class Credential:
    """A signing key held by the service: the private key and its certificate chain (DER, signer first)."""

    key: rsa.RSAPrivateKey
    chain: list[bytes]


@dataclass
class Account:
    """A SmartCA user (usually identified by the holder's CCCD number) with their credentials."""

    password: str
    credentials: dict[str, Credential]


@dataclass
class Transaction:
    tran_id: str
    username: str
    credential_id: str
    hashes: list[tuple[str, bytes]]
    description: str
    status: int = WAITING
    signatures: list[tuple[str, bytes]] = field(default_factory=list)


class SmartCA:
    """The simulator's state and the test's hands on the holder's phone."""

    def __init__(self, clients: dict[str, str], accounts: dict[str, Account]) -> None:
        self.clients = clients
        self.accounts = accounts
        self.tokens: dict[str, str] = {}
        self.transactions: dict[str, Transaction] = {}
        self.lock = threading.Lock()

    def waiting(self, username: str | None = None) -> list[Transaction]:
        """Transactions still waiting for the holder, oldest first."""
        with self.lock:
            return [
                t
                for t in self.transactions.values()
                if t.status == WAITING and (username is None or t.username == username)
            ]

    def approve(self, tran_id: str) -> None:
        """The holder approves on the phone: every hash of the transaction is signed with the credential."""
        with self.lock:
            transaction = self._waiting(tran_id)
            credential = self.accounts[transaction.username].credentials[transaction.credential_id]
            transaction.signatures = [
                (name, credential.key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())))
                for name, digest in transaction.hashes
            ]
            transaction.status = SUCCESS

    def reject(self, tran_id: str) -> None:
        """The holder refuses on the phone."""
        with self.lock:
            self._waiting(tran_id).status = REJECTED

    def expire(self, tran_id: str) -> None:
        """The holder let the approval window pass."""
        with self.lock:
            self._waiting(tran_id).status = EXPIRED

    def _waiting(self, tran_id: str) -> Transaction:
        transaction = self.transactions[tran_id]
        if transaction.status != WAITING:
            raise ValueError(f"transaction {tran_id} is no longer waiting")
        return transaction


def _answer(content: object, message: str = "success") -> JSONResponse:
    return JSONResponse({"code": 0, "message": message, "content": content})


def _refuse(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "content": None}, status_code=status)


def create_app(ca: SmartCA) -> FastAPI:
    app = FastAPI()

    def holder(request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return None
        return ca.tokens.get(header.removeprefix("Bearer ").strip())

    @app.post("/auth/token")
    async def token(request: Request) -> JSONResponse:
        body = await request.json()
        if ca.clients.get(body.get("client_id", "")) != body.get("client_secret") or not body.get(
            "client_secret"
        ):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        account = ca.accounts.get(body.get("username", ""))
        if (
            body.get("grant_type") != "password"
            or account is None
            or account.password != body.get("password")
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        access = secrets.token_urlsafe(24)
        with ca.lock:
            ca.tokens[access] = body["username"]
        return JSONResponse({"access_token": access, "token_type": "Bearer", "expires_in": 3600})

    @app.post("/csc/{group}/{call}")
    async def csc(group: str, call: str, request: Request) -> JSONResponse:
        username = holder(request)
        if username is None:
            return _refuse(401, 401, "Unauthorized")
        body = await request.json()
        account = ca.accounts[username]
        if (group, call) == ("credentials", "list"):
            return _answer(sorted(account.credentials))
        if (group, call) == ("credentials", "info"):
            credential = account.credentials.get(body.get("credentialId", ""))
            if credential is None:
                return _refuse(404, 404, "Credential not found")
            chain = credential.chain if body.get("certificates") == "chain" else credential.chain[:1]
            certificates = [base64.b64encode(der).decode() for der in chain]
            return _answer({"cert": {"status": "VALID", "certificates": certificates}})
        if (group, call) == ("signature", "signhash"):
            if body.get("credentialId") not in account.credentials:
                return _refuse(404, 404, "Credential not found")
            try:
                datas = [(d["name"], base64.b64decode(d["hash"], validate=True)) for d in body["datas"]]
            except (KeyError, TypeError, ValueError):
                return _refuse(400, 400, "datas must be [{name, hash}]")
            if not datas or any(len(digest) != 32 for _, digest in datas):
                return _refuse(400, 400, "hash must be a SHA-256 digest")
            tran_id = secrets.token_hex(16)
            with ca.lock:
                ca.transactions[tran_id] = Transaction(
                    tran_id, username, body["credentialId"], datas, str(body.get("description", ""))
                )
            return _answer({"tranId": tran_id, "expiredIn": 300})
        if (group, call) == ("credentials", "gettraninfo"):
            with ca.lock:
                transaction = ca.transactions.get(body.get("tranId", ""))
                if transaction is None or transaction.username != username:
                    return _refuse(404, 404, "Transaction not found")
                documents = [
                    {"name": name, "sig": base64.b64encode(sig).decode()}
                    for name, sig in transaction.signatures
                ]
                content = {"tranId": transaction.tran_id, "tranStatus": transaction.status}
            return _answer({**content, "documents": documents})
        return _refuse(404, 404, f"unknown call {group}/{call}")

    return app


@contextmanager
def running(clients: dict[str, str], accounts: dict[str, Account]) -> Iterator[tuple[str, SmartCA]]:
    """The simulator serving on a free loopback port: (its base URL, its state and controls)."""
    ca = SmartCA(clients, accounts)
    with serving(create_app(ca), "SmartCA") as url:
        yield url, ca
