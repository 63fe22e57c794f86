"""`S3ObjectStore`: objects in one S3 bucket through the ``minio`` SDK (SeaweedFS, Ceph, Garage, AWS...).

Each object lives at its own key, with its content type and our metadata on it, so the bucket stays
readable with any S3 tool. The bucket must have object lock (and so versioning) enabled;
`open_object_store` creates it that way.

**Where the SHA-256 lives.** S3 takes user metadata when a write *starts*, but the digest of a stream is
known only at its end. We avoid any second copy of the data:

* An object that fits in one part (``part_size``, 8 MiB by default — most office documents) is read into
  memory, hashed, and written with a single PutObject carrying ``x-amz-meta-eoffice-sha256``: atomic.
* A larger object goes up as a multipart upload *directly at its key* while it is hashed (parts are sent by
  a small thread pool; at most ``parallel + 1`` parts are in memory). After CompleteMultipartUpload the
  digest is attached to *exactly the version that upload created* as the object tag ``eoffice-sha256``
  (PutObjectTagging with its version id), which changes neither data nor version.

Alternatives measured on SeaweedFS and rejected: uploading to a temp key and copying with new metadata, or
copying an object onto itself, copies every byte again inside a versioned bucket (+40 % time at 1 GB); a
sidecar object ``key.sha256`` written after the data can pair one writer's digest with another writer's
bytes when two overwrite the same key.

**Committed versions and concurrency.** A version is *committed* once it carries its digest (metadata or
tag). Readers resolve a key to its newest committed version and then read that version by id, so a reader
never pairs one writer's bytes with another's digest, and an overwrite still in flight (or a put that died
between completing and tagging) is invisible: readers keep getting the previous committed version. Writes
are conditional on the server (``If-None-Match: *`` for a new key, ``If-Match`` on the version seen for an
overwrite; on a 412 a mutable writer looks again and retries — last writer wins — unless the key has become
immutable). Conditional writes are not enough on their own: SeaweedFS 4.x lets two simultaneous
conditional multipart completions both succeed. So the server's version order decides: of concurrent
immutable writers the one whose version is the *oldest* of the key wins; losers, whose versions are not yet
retained, remove them and get `ObjectExists`; a mutable writer that created the key and finds an older
immutable version withdraws with `ImmutableObject`. `list` shows the latest version of each key, so a key
whose first put is between its final requests may be listed a moment before `stat` finds it.

**Immutable objects** carry ``x-amz-meta-eoffice-immutable: true`` and, once their writer has won, object-lock
retention (``retention_mode``, COMPLIANCE by default, for ``retention``) on their version, then their digest
tag — so a committed immutable object is always retained. The store refuses to overwrite or delete them,
and the server refuses to delete the retained version even to a client that bypasses this library. `delete`
of a mutable object removes all its versions. A put that dies after its version is retained but before it
is tagged leaves the key taken but unreadable until the retention ends; the application should retry such
a put under a new key.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from minio import Minio
from minio.commonconfig import COMPLIANCE, GOVERNANCE, Tags
from minio.deleteobjects import DeleteObject
from minio.error import S3Error
from minio.retention import Retention

from storage import _s3_wire as wire
from storage._keys import validate_key, validate_prefix
from storage._streams import CHUNK, ObjectReader, as_reader, iterate, read_part
from storage._tokens import check_expiry
from storage.disposition import content_disposition
from storage.errors import (
    ImmutableObject,
    InvalidArgument,
    InvalidDownloadToken,
    ObjectExists,
    ObjectNotFound,
    StorageConfigError,
    StorageUnavailable,
)
from storage.port import DownloadGrant, Health, PutSource, Readable, StoredObject

DEFAULT_CONTENT_TYPE = "application/octet-stream"
META_SHA256 = "x-amz-meta-eoffice-sha256"
META_IMMUTABLE = "x-amz-meta-eoffice-immutable"
META_CREATED = "x-amz-meta-eoffice-created"
META_CONTENT_TYPE = "x-amz-meta-eoffice-content-type"
TAG_SHA256 = "eoffice-sha256"
MIN_PART_SIZE = 5 << 20
MAX_PARTS = 10_000
_COMMIT_ATTEMPTS = 8


class S3ObjectStore:
    """Objects in ``bucket`` of the server ``client`` talks to; see the module docstring for the design."""

    def __init__(
        self,
        client: Minio,
        bucket: str,
        *,
        retention: timedelta = timedelta(days=3650),
        retention_mode: str = COMPLIANCE,
        part_size: int = 8 << 20,
        parallel: int = 3,
    ):
        if retention_mode not in (COMPLIANCE, GOVERNANCE):
            raise StorageConfigError(
                "Chế độ lưu giữ phải là COMPLIANCE hoặc GOVERNANCE.", detail=retention_mode
            )
        if retention < timedelta(days=1):
            raise StorageConfigError("Thời hạn lưu giữ tệp bất biến phải từ 1 ngày trở lên.")
        if part_size < MIN_PART_SIZE:
            raise StorageConfigError("Kích thước phần tải lên S3 phải từ 5 MiB trở lên.")
        if parallel < 1:
            raise StorageConfigError("Số luồng tải lên song song phải từ 1 trở lên.")
        self.client = client
        self.bucket = bucket
        self.retention = retention
        self.retention_mode = retention_mode
        self.part_size = part_size
        self.parallel = parallel

    def __repr__(self) -> str:
        return f"S3ObjectStore({self.client._base_url.host!r}, {self.bucket!r})"

    def ensure_bucket(self, create: bool = True) -> None:
        """Create the bucket with object lock if it is missing; refuse a bucket without object lock."""
        with wire.translated():
            if not self.client.bucket_exists(self.bucket):
                if not create:
                    raise StorageConfigError("Bucket S3 không tồn tại.", detail=self.bucket)
                try:
                    self.client.make_bucket(self.bucket, object_lock=True)
                except S3Error as error:
                    if error.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        raise
            try:
                self.client.get_object_lock_config(self.bucket)
            except S3Error as error:
                if error.code == "ObjectLockConfigurationNotFoundError":
                    raise StorageConfigError(
                        "Bucket S3 chưa bật khóa đối tượng (object lock); hãy tạo bucket mới có object lock.",
                        detail=self.bucket,
                    ) from error
                raise
            if self.client.get_bucket_versioning(self.bucket).status != "Enabled":
                raise StorageConfigError(
                    "Bucket S3 chưa bật quản lý phiên bản (versioning).", detail=self.bucket
                )

    # --- resolving a key to its committed version -----------------------------------------------------------

    def _digest_of(self, key: str, version_id: str | None, metadata: Mapping[str, str]) -> str | None:
        digest = metadata.get(META_SHA256)
        if digest:
            return digest
        count = metadata.get("x-amz-tagging-count")
        if count is not None and count.strip() in ("", "0"):
            return None
        tags = self.client.get_object_tags(self.bucket, key, version_id=version_id)
        if tags is None:
            return None
        return tags.get(TAG_SHA256)

    def _committed(self, key: str, version_id: str | None) -> StoredObject | None:
        head = self.client.stat_object(self.bucket, key, version_id=version_id)
        return self._record(
            key, head.version_id, head.metadata or {}, head.size, head.content_type, head.last_modified
        )

    def _record(
        self,
        key: str,
        version_id: str | None,
        metadata: Mapping[str, str],
        size: int | None,
        content_type: str | None,
        last_modified: datetime | None,
    ) -> StoredObject | None:
        """The stored-object record of one version from its response headers, or None if uncommitted."""
        digest = self._digest_of(key, version_id, metadata)
        if digest is None:
            return None
        created_text = metadata.get(META_CREATED)
        created = datetime.fromisoformat(created_text) if created_text else last_modified
        return StoredObject(
            key=key,
            size=int(size or 0),
            sha256=digest,
            content_type=metadata.get(META_CONTENT_TYPE) or content_type or DEFAULT_CONTENT_TYPE,
            immutable=metadata.get(META_IMMUTABLE) == "true",
            created=created or datetime.now(UTC),
        )

    def _resolve(self, key: str) -> tuple[StoredObject, str | None]:
        """The newest committed version of ``key`` and its version id."""
        with wire.translated(key):
            head = self.client.stat_object(self.bucket, key)
            stored = self._committed(key, head.version_id)
            if stored is not None:
                return stored, head.version_id
            # The latest version has no digest yet: an overwrite in flight or an interrupted put.
            for version in self.client.list_objects(self.bucket, prefix=key, include_version=True):
                if version.object_name != key or version.version_id == head.version_id:
                    continue
                if version.is_delete_marker:
                    break
                stored = self._committed(key, version.version_id)
                if stored is not None:
                    return stored, version.version_id
        raise ObjectNotFound(key=key)

    # --- writes ---------------------------------------------------------------------------------------

    def _condition(self, key: str, immutable: bool) -> dict[str, str]:
        """The precondition for writing ``key`` as it is now; refuses at once what can never succeed."""
        try:
            head = self.client.stat_object(self.bucket, key)
        except S3Error as error:
            if error.code in wire.NOT_FOUND_CODES:
                return {"If-None-Match": "*"}
            raise
        if immutable:
            raise ObjectExists(key=key)
        if (head.metadata or {}).get(META_IMMUTABLE) == "true":
            raise ImmutableObject(key=key)
        return {"If-Match": f'"{head.etag}"'}

    def _commit(
        self, key: str, immutable: bool, condition: dict[str, str], write: Callable[[dict], str]
    ) -> tuple[str, dict[str, str]]:
        """Run the conditional ``write``; a mutable writer that loses the condition looks again and retries.
        Returns the new version id and the condition it was written under."""
        for _ in range(_COMMIT_ATTEMPTS):
            try:
                return write(condition), condition
            except wire.ConditionFailed:
                if immutable:
                    raise ObjectExists(key=key) from None
                condition = self._condition(key, immutable)
        raise StorageUnavailable("Quá nhiều thao tác ghi đồng thời vào cùng một tệp.", key=key)

    def put(
        self,
        key: str,
        source: PutSource,
        *,
        content_type: str | None = None,
        immutable: bool = False,
    ) -> StoredObject:
        key = validate_key(key)
        reader = as_reader(source)
        created = datetime.now(UTC)
        content_type = content_type or DEFAULT_CONTENT_TYPE
        # The content type is kept in our metadata too: SeaweedFS 4.x resets Content-Type when retention is set.
        headers = {
            "Content-Type": content_type,
            META_CONTENT_TYPE: content_type,
            META_CREATED: created.isoformat(),
        }
        if immutable:
            headers[META_IMMUTABLE] = "true"
        with wire.translated(key):
            # Most puts create a key, so a mutable put first assumes it is new (no extra request) and looks
            # only if the server says otherwise; an immutable put checks first to spare a doomed upload.
            condition = self._condition(key, immutable) if immutable else {"If-None-Match": "*"}
            first = read_part(reader, self.part_size)
            digest = hashlib.sha256(first)
            if len(first) < self.part_size:
                if not immutable:  # committed by this one request; an immutable one waits to be settled
                    headers[META_SHA256] = digest.hexdigest()
                version, condition = self._commit(
                    key,
                    immutable,
                    condition,
                    lambda cond: wire.put_single(self.client, self.bucket, key, first, {**headers, **cond}),
                )
                size = len(first)
                tag = immutable
            else:
                version, size, condition = self._put_multipart(
                    key, reader, first, digest, headers, immutable, condition
                )
                tag = True
            sha256 = digest.hexdigest()
            if immutable:
                self._settle_immutable(key, version, created)
            elif "If-None-Match" in condition:
                self._refuse_shadowing(key, version)
            if tag:
                tags = Tags.new_object_tags()
                tags[TAG_SHA256] = sha256
                self.client.set_object_tags(self.bucket, key, tags, version_id=version or None)
        return StoredObject(key, size, sha256, content_type, immutable, created)

    def _generation(self, key: str) -> list[str]:
        """Version ids of ``key``, newest first, back to its last delete marker."""
        versions: list[str] = []
        for entry in self.client.list_objects(self.bucket, prefix=key, include_version=True):
            if entry.object_name != key:
                continue
            if entry.is_delete_marker:
                break
            versions.append(str(entry.version_id))
        return versions

    def _settle_immutable(self, key: str, version: str, created: datetime) -> None:
        """Decide the race for a write-once key by the server's version order: the oldest version of the key
        wins. Conditional writes alone are not enough — SeaweedFS 4.x lets two simultaneous conditional
        multipart completions both succeed. The winner gets its retention; a loser, not yet retained,
        removes its own version and reports `ObjectExists`."""
        generation = self._generation(key)
        if not generation or generation[-1] != version:
            self.client.remove_object(self.bucket, key, version_id=version)
            raise ObjectExists(key=key)
        retention = Retention(self.retention_mode, created + self.retention)
        self.client.set_object_retention(self.bucket, key, retention, version_id=version)

    def _refuse_shadowing(self, key: str, version: str) -> None:
        """A mutable put that created the key checks it did not race past an immutable put of the same key
        (the oldest version of a key is immutable exactly when the key is); if it did, it withdraws."""
        generation = self._generation(key)
        if not generation or generation[-1] == version:
            return
        oldest = self.client.stat_object(self.bucket, key, version_id=generation[-1])
        if (oldest.metadata or {}).get(META_IMMUTABLE) == "true":
            self.client.remove_object(self.bucket, key, version_id=version)
            raise ImmutableObject(key=key)

    def _put_multipart(
        self,
        key: str,
        reader: Readable,
        first: bytes,
        digest: hashlib._Hash,
        headers: dict[str, str],
        immutable: bool,
        condition: dict[str, str],
    ) -> tuple[str, int, dict[str, str]]:
        upload_id = wire.create_multipart(self.client, self.bucket, key, headers)
        completed = False
        try:
            etags, size = self._send_parts(key, upload_id, reader, first, digest)
            version, condition = self._commit(
                key,
                immutable,
                condition,
                lambda cond: wire.complete_multipart(self.client, self.bucket, key, upload_id, etags, cond),
            )
            completed = True
            return version, size, condition
        finally:
            if not completed:
                with contextlib.suppress(S3Error):  # the upload may already be gone; the original error wins
                    wire.abort_multipart(self.client, self.bucket, key, upload_id)

    def _send_parts(
        self, key: str, upload_id: str, reader: Readable, first: bytes, digest: hashlib._Hash
    ) -> tuple[list[str], int]:
        """Send parts through ``parallel`` workers while the next part is read and hashed here."""
        slots = threading.BoundedSemaphore(self.parallel)
        futures: list[Future[str]] = []

        def send(number: int, body: bytes) -> str:
            try:
                return wire.upload_part(self.client, self.bucket, key, upload_id, number, body)
            finally:
                slots.release()

        size = 0
        with ThreadPoolExecutor(self.parallel, thread_name_prefix="eoffice-s3-part") as pool:
            part: bytes | None = first
            number = 0
            while part:
                number += 1
                if number > MAX_PARTS:
                    raise InvalidArgument("Tệp quá lớn so với kích thước phần tải lên S3.", key=key)
                size += len(part)
                slots.acquire()
                failed = next((f for f in futures if f.done() and f.exception() is not None), None)
                if failed is not None:
                    slots.release()
                    failed.result()
                futures.append(pool.submit(send, number, part))
                if len(part) < self.part_size:
                    break
                part = None
                part = read_part(reader, self.part_size)
                digest.update(part)
            etags = [future.result() for future in futures]
        return etags, size

    def delete(self, key: str) -> None:
        key = validate_key(key)
        stored, _ = self._resolve(key)
        if stored.immutable:
            raise ImmutableObject(key=key)
        with wire.translated(key):
            versions = [
                DeleteObject(version.object_name, version.version_id)
                for version in self.client.list_objects(self.bucket, prefix=key, include_version=True)
                if version.object_name == key
            ]
            errors = list(self.client.remove_objects(self.bucket, versions))
        if errors:
            raise wire.BackendError(key=key, detail="; ".join(f"{e.code}: {e.message}" for e in errors))

    # --- reads ----------------------------------------------------------------------------------------

    def stat(self, key: str) -> StoredObject:
        return self._resolve(validate_key(key))[0]

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except ObjectNotFound:
            return False
        return True

    def open(self, key: str) -> ObjectReader:
        """One GET in the common case: the latest version's headers carry its record; only an uncommitted
        latest version sends us through `_resolve` to the newest committed one."""
        key = validate_key(key)
        with wire.translated(key):
            response = self.client.get_object(self.bucket, key)
            headers = response.headers
            modified = headers.get("Last-Modified")
            stored = self._record(
                key,
                headers.get("x-amz-version-id"),
                headers,
                int(headers.get("Content-Length") or 0),
                headers.get("Content-Type"),
                parsedate_to_datetime(modified) if modified else None,
            )
            if stored is None:
                response.close()
                response.release_conn()
                stored, version_id = self._resolve(key)
                response = self.client.get_object(self.bucket, key, version_id=version_id)

        def release() -> None:
            response.close()
            response.release_conn()

        return ObjectReader(stored, response, release)

    def get(self, key: str, chunk_size: int = CHUNK) -> Iterator[bytes]:
        return iterate(self.open(key), chunk_size)

    def list(self, prefix: str = "") -> Iterator[str]:
        prefix = validate_prefix(prefix)
        with wire.translated():
            for entry in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
                name = entry.object_name or ""
                if name and not entry.is_dir and not name.endswith("/"):
                    yield name

    # --- download links and health ---------------------------------------------------------------------

    def download_url(self, key: str, expires: timedelta, filename: str | None = None) -> str:
        """A presigned GET of the committed version, saved as ``filename`` (default: the key's last segment)."""
        key = validate_key(key)
        check_expiry(expires)
        stored, version_id = self._resolve(key)
        name = filename if filename is not None else key.rsplit("/", 1)[-1]
        with wire.translated(key):
            return self.client.presigned_get_object(
                self.bucket,
                key,
                expires=expires,
                version_id=version_id,
                response_headers={
                    "response-content-disposition": content_disposition(name),
                    "response-content-type": stored.content_type,
                },
            )

    def verify_download(self, token: str) -> DownloadGrant:
        raise InvalidDownloadToken(
            "Liên kết tải xuống của kho S3 do máy chủ S3 phục vụ, ứng dụng không cấp mã tải xuống."
        )

    def verify_download_token(self, token: str) -> str:
        return self.verify_download(token).key

    def health(self) -> Health:
        try:
            with wire.translated():
                found = self.client.bucket_exists(self.bucket)
        except (StorageUnavailable, wire.BackendError) as error:
            return Health("s3", False, str(error))
        if not found:
            return Health("s3", False, f"không có bucket {self.bucket}")
        return Health("s3", True, f"bucket {self.bucket}")
