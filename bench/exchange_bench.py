"""Exchange benchmark: edXML packages built and parsed per second, and delivery latency through a hub.

    .venv/bin/python bench/exchange_bench.py [--packages 200] [--deliveries 50] [--size-kb 300]

Build/parse use a document package with one signed-PDF-sized attachment (random bytes, so zipping does not
shrink it) and the full hardened parse (DOCTYPE check, XSD validation, base64, unzip). Latency is measured on
loopback from the sender's POST to the hub until the recipient has listed, fetched and acknowledged the
package, with the recipient polling continuously (an eOffice instance polls every EOFFICE_EXCHANGE_POLL_SECONDS,
which adds up to that interval in production).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import uvicorn

from eoffice.exchange import PeerPolicy
from eoffice.exchange.edxml import (
    Attachment,
    DocumentCode,
    DocumentPackage,
    Organization,
    PromulgationInfo,
    build_document_package,
    document_id_for,
    parse_package,
)
from eoffice.exchange.hub import HubSettings, create_hub_app
from eoffice.exchange.transport import Envelope, HubTransport

SENDER = Organization("000.00.00.G22", "Ủy ban nhân dân tỉnh Hà Tĩnh")
RECIPIENT = Organization("000.00.12.H40", "Sở Nội vụ tỉnh Nghệ An")

SECRETS = {SENDER.organ_id: "bench-secret-sender-0001", RECIPIENT.organ_id: "bench-secret-recipient-02"}


def _package(size_kb: int):  # type: ignore[no-untyped-def]
    data = b"%PDF-1.7\n" + os.urandom(size_kb * 1024)
    code = DocumentCode("05", "QĐ-UBND")
    return DocumentPackage(
        sender=SENDER,
        recipients=(RECIPIENT,),
        document_id=document_id_for(SENDER.organ_id, date(2026, 3, 5), code),
        code=code,
        subject="Về việc ban hành Quy chế công tác văn thư",
        promulgation=PromulgationInfo("Hà Tĩnh", date(2026, 3, 5)),
        attachments=(Attachment("05-QD-UBND.pdf", "application/pdf", data),),
    )


def bench_build_parse(count: int, size_kb: int) -> dict[str, float]:
    package = _package(size_kb)
    start = time.perf_counter()
    for _ in range(count):
        data = build_document_package(package)
    built = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(count):
        parse_package(data)
    parsed = time.perf_counter() - start
    return {"package_kb": len(data) / 1024, "built_per_s": count / built, "parsed_per_s": count / parsed}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_hub_latency(count: int, size_kb: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        agencies = Path(tmp) / "agencies.json"
        agencies.write_text(json.dumps([{"organ_id": k, "secret": v} for k, v in SECRETS.items()]))
        app = create_hub_app(HubSettings(data_dir=Path(tmp) / "hub", agencies_file=agencies))
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        local = PeerPolicy.loopback_allowed()  # the hub runs on this machine
        sender = HubTransport(url, SECRETS[SENDER.organ_id], SENDER.organ_id, policy=local)
        recipient = HubTransport(url, SECRETS[RECIPIENT.organ_id], RECIPIENT.organ_id, policy=local)
        body = build_document_package(_package(size_kb))
        latencies = []
        for index in range(count):
            start = time.perf_counter()
            sender.send(Envelope(SENDER.organ_id, RECIPIENT.organ_id, f"bench-{index}", body))
            while not (messages := recipient.fetch(1)):
                pass
            recipient.ack(messages[0].handle)
            latencies.append(time.perf_counter() - start)
        server.should_exit = True
        thread.join(timeout=10)
    latencies.sort()
    return {
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "max_ms": latencies[-1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--packages", type=int, default=200)
    parser.add_argument("--deliveries", type=int, default=50)
    parser.add_argument("--size-kb", type=int, default=300)
    args = parser.parse_args()
    figures = bench_build_parse(args.packages, args.size_kb)
    print(
        f"package {figures['package_kb']:.0f} KiB: built {figures['built_per_s']:.1f}/s, "
        f"parsed {figures['parsed_per_s']:.1f}/s ({args.packages} each)"
    )
    small = bench_build_parse(args.packages, 10)
    print(
        f"package {small['package_kb']:.0f} KiB: built {small['built_per_s']:.1f}/s, parsed {small['parsed_per_s']:.1f}/s"
    )
    latency = bench_hub_latency(args.deliveries, args.size_kb)
    print(
        f"hub delivery ({args.deliveries} × {args.size_kb} KiB, loopback): median {latency['median_ms']:.1f} ms, "
        f"p95 {latency['p95_ms']:.1f} ms, max {latency['max_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
