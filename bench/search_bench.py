"""Search benchmark: bulk indexing and query latency of both adapters, and the Elasticsearch adapter's
overhead over the raw ``elasticsearch`` client doing the same bulk and the same queries.

    .venv/bin/python bench/search_bench.py --docs 100000
    .venv/bin/python bench/search_bench.py --docs 10000 --backend sqlite
    .venv/bin/python bench/search_bench.py --es-url http://127.0.0.1:59200 --backend elasticsearch

Documents are synthetic but shaped like the real ones (Vietnamese titles and bodies of 80–200 words, numbers
like ``1234/QĐ-UBND``, ten agencies, fifty departments); the generator is seeded, so runs compare. The query
mix is fixed: folded and accented words, a phrase, document numbers with and without Đ, filters, date sort,
and the empty query, each asked by a clerk who may read one agency's documents (about a tenth of the corpus).
Goals (issue 4): embedded p95 < 50 ms at 100 k documents; Elasticsearch p95 < 100 ms; adapter bulk ≥ 80 % of
raw bulk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch, helpers

from search import (
    DocumentKind,
    ElasticsearchSearchIndex,
    IndexedDocument,
    SearchQuery,
    SortOrder,
    SqliteSearchIndex,
)
from search._query import parse_query
from search.elastic import build_search_body, document_source, index_mappings, index_settings

TYPES = [
    ("Quyết định", "QĐ"),
    ("Kế hoạch", "KH"),
    ("Báo cáo", "BC"),
    ("Thông báo", "TB"),
    ("Tờ trình", "TTr"),
    ("Giấy mời", "GM"),
    ("Công văn", ""),
    ("Hướng dẫn", "HD"),
    ("Chỉ thị", "CT"),
    ("Biên bản", "BB"),
]
ISSUERS = [
    ("UBND tỉnh Hà Tĩnh", "UBND"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "STC"),
    ("Sở Tài nguyên và Môi trường", "STNMT"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("UBND huyện Cẩm Xuyên", "UBND"),
    ("UBND huyện Kỳ Anh", "UBND"),
    ("Văn phòng UBND tỉnh", "VP"),
]
STATUSES = ["chờ xử lý", "đang xử lý", "đã xử lý", "đã ban hành"]
TOPICS = [
    "cải cách hành chính",
    "tinh giản biên chế",
    "chuyển đổi số",
    "giải phóng mặt bằng",
    "phòng chống thiên tai",
    "quản lý đất đai",
    "tài sản công",
    "thi đua khen thưởng",
    "tiếp công dân",
    "an toàn giao thông",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường",
    "phòng cháy chữa cháy",
    "dịch vụ công trực tuyến",
    "công tác văn thư lưu trữ",
    "đầu tư công",
    "y tế cơ sở",
    "giáo dục mầm non",
    "bán đấu giá tài sản",
    "hộ nghèo và cận nghèo",
]
NAMES = [
    "Đặng Quốc Vinh",
    "Nguyễn Thị Hồng Nhung",
    "Lê Văn Thắng",
    "Trần Minh Đức",
    "Phạm Thu Hà",
    "Võ Trọng Hải",
]
WORDS = [
    "căn",
    "cứ",
    "theo",
    "đề",
    "nghị",
    "của",
    "các",
    "cơ",
    "quan",
    "đơn",
    "vị",
    "địa",
    "phương",
    "tổ",
    "chức",
    "thực",
    "hiện",
    "kịp",
    "thời",
    "nghiêm",
    "túc",
    "hiệu",
    "quả",
    "báo",
    "cáo",
    "kết",
    "quả",
    "trước",
    "ngày",
    "tháng",
    "năm",
    "nhiệm",
    "vụ",
    "giải",
    "pháp",
    "trọng",
    "tâm",
    "tăng",
    "cường",
    "kiểm",
    "tra",
    "giám",
    "sát",
    "phối",
    "hợp",
    "chặt",
    "chẽ",
    "với",
    "sở",
    "ban",
    "ngành",
    "huyện",
    "thành",
    "phố",
    "thị",
    "xã",
    "xã",
    "phường",
    "thị",
    "trấn",
    "người",
    "dân",
    "doanh",
    "nghiệp",
    "hồ",
    "sơ",
    "thủ",
    "tục",
    "ngân",
    "sách",
    "kinh",
    "phí",
    "dự",
    "toán",
    "quyết",
    "toán",
    "triển",
    "khai",
    "hướng",
    "dẫn",
    "đôn",
    "đốc",
    "tổng",
    "hợp",
    "trình",
    "xem",
    "xét",
    "quyết",
    "định",
    "chỉ",
    "đạo",
    "điều",
    "hành",
    "tiến",
    "độ",
    "khó",
    "khăn",
    "vướng",
    "mắc",
    "đề",
    "xuất",
    "kiến",
    "nghị",
    "bảo",
    "đảm",
    "đúng",
    "quy",
    "định",
    "pháp",
    "luật",
]


def synthetic_documents(count: int, seed: int = 20240514) -> Iterator[IndexedDocument]:
    rng = random.Random(seed)
    start = dt.date(2015, 1, 1)
    for n in range(1, count + 1):
        type_name, type_abbr = rng.choice(TYPES)
        issuer, issuer_abbr = rng.choice(ISSUERS)
        topic = rng.choice(TOPICS)
        date = start + dt.timedelta(days=rng.randrange(11 * 365))
        number = (
            f"{n % 3000 + 1}/{type_abbr}-{issuer_abbr}" if type_abbr else f"{n % 3000 + 1}/{issuer_abbr}-VP"
        )
        if type_name == "Quyết định" and rng.random() < 0.1:
            number = f"{n % 200 + 1}/{date.year}/QĐ-UBND"
        sentences = [
            f"Thực hiện chỉ đạo của {rng.choice(ISSUERS)[0]} về {topic}.",
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 170))) + ".",
            f"Giao đồng chí {rng.choice(NAMES)} chủ trì, phối hợp thực hiện {rng.choice(TOPICS)}.",
        ]
        agency = rng.randrange(1, 11)
        yield IndexedDocument(
            id=f"doc-{n}",
            kind=DocumentKind(rng.choice(["in", "out", "internal"])),
            title=f"{type_name} về {topic} năm {date.year}",
            body=" ".join(sentences),
            number=number,
            type=type_name,
            issuer=issuer,
            register="Sổ văn bản đến",
            status=rng.choice(STATUSES),
            date=date,
            filename=f"{number.replace('/', '-')}.pdf",
            principals=frozenset({f"agency:{agency}", f"dept:{agency * 5 + rng.randrange(5)}"}),
        )


CLERK = frozenset({"agency:1", "dept:7", "user:17"})


def known_number(documents: list[IndexedDocument]) -> str:
    """A legal-style number (``12/2020/QĐ-UBND``) of a document the clerk may read."""
    return next(d.number for d in documents if d.number and "/20" in d.number and d.principals & CLERK)


def query_mix(known_number: str) -> list[SearchQuery]:
    typed_without_stroke = known_number.replace("Đ", "D")
    q = [
        {"text": "cải cách hành chính"},
        {"text": "cai cach hanh chinh"},
        {"text": "dang quoc vinh"},
        {"text": '"giải phóng mặt bằng"'},
        {"text": known_number},
        {"text": typed_without_stroke},
        {"text": "tinh gian bien che", "year": 2020},
        {"text": "bán đấu giá", "type": "Tờ trình"},
        {"text": "chuyển đổi số", "sort": SortOrder.DATE},
        {"text": "", "type": "Quyết định"},
        {"text": ""},
        {"text": "kinh phí dự toán", "page": 3},
    ]
    return [SearchQuery(principals=CLERK, **options) for options in q]  # type: ignore[arg-type]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "max": ordered[-1] * 1000,
    }


def time_queries(
    runs: dict[str, Callable[[SearchQuery], Any]], queries: list[SearchQuery], rounds: int
) -> dict[str, list[float]]:
    """Latency samples per runner; runners alternate query by query, so machine noise hits them alike."""
    for query in queries:  # warm caches once
        for run in runs.values():
            run(query)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for query in queries:
            for name, run in runs.items():
                started = time.perf_counter()
                run(query)
                samples[name].append(time.perf_counter() - started)
    return samples


def timed_bulk(name: str, count: int, bulk: Callable[[], Any]) -> float:
    started = time.perf_counter()
    bulk()
    elapsed = time.perf_counter() - started
    print(f"{name}: bulk {count} docs in {elapsed:.1f} s = {count / elapsed:,.0f} docs/s", flush=True)
    return count / elapsed


def report_latency(name: str, samples: list[float]) -> dict[str, float]:
    latency = percentiles(samples)
    print(
        f"{name}: queries p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms, max {latency['max']:.1f} ms"
        f" ({len(samples)} queries)",
        flush=True,
    )
    return latency


def bench_sqlite(documents: list[IndexedDocument], rounds: int, directory: Path | None) -> None:
    with tempfile.TemporaryDirectory(dir=directory) as folder:
        index = SqliteSearchIndex(Path(folder) / "bench.db")
        timed_bulk("sqlite fts5", len(documents), lambda: index.bulk_index(documents))
        queries = query_mix(known_number(documents))
        report_latency("sqlite fts5", time_queries({"sqlite": index.query}, queries, rounds)["sqlite"])
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
        print(
            f"sqlite fts5: {index.query(queries[0]).total} readable hits for the first query; file {size:.0f} MB"
        )
        index.close()


def bench_elasticsearch(url: str, documents: list[IndexedDocument], rounds: int, adapter_first: bool) -> None:
    """Adapter against the bare client: the same bulk (same chunk size, same JSON, an index with the same
    settings and mappings) and the same request bodies, queries alternating between the two indexes."""
    prefix = f"eoffice-bench-{uuid.uuid4().hex[:6]}"
    client = Elasticsearch([url], request_timeout=120)
    adapter = ElasticsearchSearchIndex.from_url(f"{url}?index={prefix}&shards=1&replicas=0&timeout=120")
    raw_index = f"{prefix}-raw"
    try:
        warm_up = ElasticsearchSearchIndex.from_url(f"{url}?index={prefix}-warmup&shards=1&replicas=0")
        warm_up.bulk_index(documents[:5000])  # the JVM's first bulk is slow for whoever goes first
        client.indices.create(index=raw_index, settings=index_settings(1, 0), mappings=index_mappings())

        def raw_bulk() -> None:
            # The same JSON the adapter stores, built lazily as the adapter does it (a prebuilt list of 100 000
            # dicts slowed the raw side through garbage-collector passes, not through Elasticsearch).
            actions = (
                {"_op_type": "index", "_index": raw_index, "_id": d.id, "_source": document_source(d)}
                for d in documents
            )
            helpers.bulk(client, actions, chunk_size=500)
            client.indices.refresh(index=raw_index)

        def adapter_bulk() -> None:
            adapter.bulk_index(documents)
            adapter.refresh()

        if adapter_first:
            adapter_rate = timed_bulk("elasticsearch adapter", len(documents), adapter_bulk)
            raw_rate = timed_bulk("raw elasticsearch client", len(documents), raw_bulk)
        else:
            raw_rate = timed_bulk("raw elasticsearch client", len(documents), raw_bulk)
            adapter_rate = timed_bulk("elasticsearch adapter", len(documents), adapter_bulk)
        queries = query_mix(known_number(documents))
        bodies = {id(q): build_search_body(q, parse_query(q.text)) for q in queries}
        samples = time_queries(
            {
                "adapter": adapter.query,
                "raw": lambda q: client.search(index=raw_index, **bodies[id(q)]),
            },
            queries,
            rounds,
        )
        adapter_latency = report_latency("elasticsearch adapter", samples["adapter"])
        raw_latency = report_latency("raw elasticsearch client", samples["raw"])
        print(
            f"adapter / raw: bulk throughput {adapter_rate / raw_rate:.0%}, "
            f"query p50 {adapter_latency['p50'] / raw_latency['p50']:.2f}x, "
            f"p95 {adapter_latency['p95'] / raw_latency['p95']:.2f}x; "
            f"{adapter.query(queries[0]).total} readable hits for the first query",
            flush=True,
        )
    finally:
        client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
        for template in (f"{prefix}-documents", f"{prefix}-warmup-documents"):
            client.options(ignore_status=404).indices.delete_index_template(name=template)
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000, help="documents to index (default 100000)")
    parser.add_argument("--rounds", type=int, default=20, help="times the query mix is run (default 20)")
    parser.add_argument("--backend", choices=["sqlite", "elasticsearch", "all"], default="all")
    parser.add_argument("--es-url", default="http://127.0.0.1:59200")
    parser.add_argument(
        "--adapter-first", action="store_true", help="bulk through the adapter before the raw client"
    )
    parser.add_argument(
        "--sqlite-dir", type=Path, default=None, help="where the SQLite file goes (default: temp)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    documents = list(synthetic_documents(args.docs))
    print(f"generated {len(documents)} documents in {time.perf_counter() - started:.1f} s", flush=True)

    if args.backend in ("sqlite", "all"):
        bench_sqlite(documents, args.rounds, args.sqlite_dir)
    if args.backend in ("elasticsearch", "all"):
        bench_elasticsearch(args.es_url, documents, args.rounds, args.adapter_first)
    return 0


if __name__ == "__main__":
    sys.exit(main())
