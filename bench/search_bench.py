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
raw bulk; issue 22: the same on Elasticsearch at 1 M documents.

The corpus is generated block by block (a million documents never sit in memory), and progress is printed
per block. At a million, ``--raw-docs 200000`` limits the raw side to the first blocks (the ratio compares the
same blocks, alternating), and ``--keep PREFIX`` / ``--reuse PREFIX`` keep the index to query it again after
a change to the query side without indexing again:

    .venv/bin/python bench/search_bench.py --backend elasticsearch --docs 1000000 --raw-docs 200000 --keep b1m
    .venv/bin/python bench/search_bench.py --backend elasticsearch --docs 1000000 --reuse b1m
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
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
from search.elastic import (
    build_rerank_body,
    build_search_body,
    document_source,
    index_mappings,
    index_settings,
)

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
BLOCK = 25_000
"""Documents generated, indexed and reported at a time: progress shows, and no run holds a million in memory."""


def blocks(count: int, start: int = 0) -> Iterator[list[IndexedDocument]]:
    """The seeded corpus from document ``start`` on, ``BLOCK`` documents at a time (the same every run)."""
    documents = itertools.islice(synthetic_documents(count), start, None)
    while block := list(itertools.islice(documents, BLOCK)):
        yield block


def known_number(count: int) -> str:
    """A legal-style number (``12/2020/QĐ-UBND``) of a document the clerk may read."""
    return next(
        d.number
        for d in synthetic_documents(count)
        if d.number and "/20" in d.number and d.principals & CLERK
    )


def query_mix(known_number: str) -> list[tuple[str, SearchQuery]]:
    """The fixed mix, each query with the label its latency is reported under."""
    typed_without_stroke = known_number.replace("Đ", "D")
    q: list[tuple[str, dict[str, Any]]] = [
        ("accented words", {"text": "cải cách hành chính"}),
        ("folded words", {"text": "cai cach hanh chinh"}),
        ("folded name", {"text": "dang quoc vinh"}),
        ("quoted phrase", {"text": '"giải phóng mặt bằng"'}),
        ("number", {"text": known_number}),
        ("number without Đ", {"text": typed_without_stroke}),
        ("text + year", {"text": "tinh gian bien che", "year": 2020}),
        ("text + type", {"text": "bán đấu giá", "type": "Tờ trình"}),
        ("text, date sort", {"text": "chuyển đổi số", "sort": SortOrder.DATE}),
        ("empty + type", {"text": "", "type": "Quyết định"}),
        ("empty", {"text": ""}),
        ("common words, page 3", {"text": "kinh phí dự toán", "page": 3}),
    ]
    return [(label, SearchQuery(principals=CLERK, **options)) for label, options in q]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "max": ordered[-1] * 1000,
    }


Samples = dict[str, dict[str, list[float]]]
"""Latency samples by runner, then by query label."""


def time_queries(
    runs: dict[str, Callable[[SearchQuery], Any]], queries: list[tuple[str, SearchQuery]], rounds: int
) -> Samples:
    """Latency samples per runner and query; runners alternate query by query, so machine noise hits them
    alike."""
    for _, query in queries:  # warm caches once
        for run in runs.values():
            run(query)
    samples: Samples = {name: {label: [] for label, _ in queries} for name in runs}
    for _ in range(rounds):
        for label, query in queries:
            for name, run in runs.items():
                started = time.perf_counter()
                run(query)
                samples[name][label].append(time.perf_counter() - started)
    return samples


def report_latency(name: str, samples: dict[str, list[float]], per_query: bool = True) -> dict[str, float]:
    """Overall percentiles of one runner, and (``per_query``) each query's p50 / p95."""
    latency = percentiles([s for values in samples.values() for s in values])
    print(
        f"{name}: queries p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms, max {latency['max']:.1f} ms"
        f" ({sum(len(v) for v in samples.values())} queries)",
        flush=True,
    )
    if per_query:
        for label, values in samples.items():
            each = percentiles(values)
            print(f"    {label:<22} p50 {each['p50']:7.1f} ms   p95 {each['p95']:7.1f} ms", flush=True)
    return latency


class Progress:
    """Documents indexed so far and the rate, printed after every block."""

    def __init__(self, name: str, total: int) -> None:
        self.name, self.total, self.done, self.seconds = name, total, 0, 0.0

    def add(self, count: int, seconds: float) -> None:
        self.done += count
        self.seconds += seconds
        print(
            f"  {self.name}: {self.done:,}/{self.total:,} docs, {self.done / self.seconds:,.0f} docs/s"
            f" ({count / seconds:,.0f} for the last block)",
            flush=True,
        )

    @property
    def rate(self) -> float:
        return self.done / self.seconds


def timed(action: Callable[..., Any], *args: Any) -> float:
    started = time.perf_counter()
    action(*args)
    return time.perf_counter() - started


def bench_sqlite(count: int, rounds: int, directory: Path | None) -> None:
    with tempfile.TemporaryDirectory(dir=directory) as folder:
        index = SqliteSearchIndex(Path(folder) / "bench.db")
        progress = Progress("sqlite fts5 bulk", count)
        for block in blocks(count):
            progress.add(len(block), timed(index.bulk_index, block))
        print(f"sqlite fts5: bulk {count} docs at {progress.rate:,.0f} docs/s", flush=True)
        queries = query_mix(known_number(count))
        report_latency("sqlite fts5", time_queries({"sqlite": index.query}, queries, rounds)["sqlite"])
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
        print(
            f"sqlite fts5: {index.query(queries[0][1]).total} readable hits for the first query;"
            f" file {size:.0f} MB",
            flush=True,
        )
        index.close()


def bench_elasticsearch(
    url: str,
    count: int,
    raw_count: int,
    rounds: int,
    adapter_first: bool,
    keep: str | None,
    reuse: str | None,
) -> None:
    """Adapter against the bare client: the same bulk (same chunk size, same JSON — folded and shingle
    fields computed by the same ``document_source`` — into an index with the same settings and mappings)
    and the same request bodies.

    The bulk alternates block by block between the adapter's index and the raw index (each block's
    documents sent to both), so the load other work puts on the machine hits both alike; after
    ``raw_count`` documents the raw side stops and the adapter indexes the rest alone. The queries then
    alternate between the adapter and ``client.search`` with the adapter's request body, on the adapter's
    index: the difference is the adapter's own work (building the body, reading the response)."""
    prefix = reuse or keep or f"eoffice-bench-{uuid.uuid4().hex[:6]}"
    client = Elasticsearch([url], request_timeout=300)
    adapter = ElasticsearchSearchIndex.from_url(f"{url}?index={prefix}&shards=1&replicas=0&timeout=300")
    raw_index = f"{prefix}-raw"
    try:
        if reuse is None:
            warm_up = ElasticsearchSearchIndex.from_url(f"{url}?index={prefix}-warmup&shards=1&replicas=0")
            # the JVM's first bulk is slow for whoever goes first
            warm_up.bulk_index(itertools.islice(synthetic_documents(count), 5000))
            client.indices.create(index=raw_index, settings=index_settings(1, 0), mappings=index_mappings())

            def raw_bulk(block: list[IndexedDocument]) -> None:
                # built lazily as the adapter does it (a prebuilt list of 100 000 dicts slowed the raw side
                # through garbage-collector passes, not through Elasticsearch)
                actions = (
                    {"_op_type": "index", "_index": raw_index, "_id": d.id, "_source": document_source(d)}
                    for d in block
                )
                helpers.bulk(client, actions, chunk_size=500)

            raw = Progress("raw helpers.bulk", raw_count)
            both = Progress("adapter (same blocks)", raw_count)
            alone = Progress("adapter", count)
            for block in blocks(count):
                if raw.done < raw_count:
                    sides: list[tuple[Progress, Callable[[list[IndexedDocument]], Any]]] = [
                        (both, adapter.bulk_index),
                        (raw, raw_bulk),
                    ]
                    for progress, bulk in sides if adapter_first else reversed(sides):
                        progress.add(len(block), timed(bulk, block))
                    alone.done, alone.seconds = both.done, both.seconds
                else:
                    alone.add(len(block), timed(adapter.bulk_index, block))
            refresh = timed(adapter.refresh)
            if raw.done:
                print(
                    f"raw helpers.bulk: {raw.done} docs at {raw.rate:,.0f} docs/s; adapter on the same"
                    f" blocks {both.rate:,.0f} docs/s = {both.rate / raw.rate:.0%} of raw",
                    flush=True,
                )
            print(
                f"adapter, all {alone.done} docs: {alone.rate:,.0f} docs/s (+ {refresh:.1f} s refresh)",
                flush=True,
            )
            client.indices.delete(index=[raw_index, f"{prefix}-warmup-documents-*"])
        stats = client.indices.stats(index=adapter.alias, metric="store,docs")["_all"]["primaries"]
        print(
            f"adapter index: {stats['docs']['count']:,} docs, {stats['store']['size_in_bytes'] / 1e9:.2f} GB",
            flush=True,
        )
        queries = query_mix(known_number(count))
        took: list[float] = []

        def raw_search(q: SearchQuery) -> None:
            # the adapter's requests: the first, and the re-ranking of its window when there is one
            parsed = parse_query(q.text)
            first = client.search(index=adapter.alias, **build_search_body(q, parsed))
            milliseconds = first["took"]
            rerank = build_rerank_body(q, parsed, first.body)
            if rerank is not None:
                milliseconds += client.search(index=adapter.alias, **rerank)["took"]
            took.append(milliseconds / 1000)

        samples = time_queries({"adapter": adapter.query, "raw": raw_search}, queries, rounds)
        adapter_latency = report_latency("elasticsearch adapter", samples["adapter"])
        raw_latency = report_latency("raw client.search, same bodies", samples["raw"], per_query=False)
        server = percentiles(took)
        print(
            f"server-side 'took' of the raw searches: p50 {server['p50']:.0f} ms, p95 {server['p95']:.0f} ms;"
            f" adapter / raw query p50 {adapter_latency['p50'] / raw_latency['p50']:.2f}x,"
            f" p95 {adapter_latency['p95'] / raw_latency['p95']:.2f}x;"
            f" {adapter.query(queries[0][1]).total} readable hits for the first query",
            flush=True,
        )
    finally:
        if keep is None and reuse is None:
            client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
            for template in (f"{prefix}-documents", f"{prefix}-warmup-documents"):
                client.options(ignore_status=404).indices.delete_index_template(name=template)
        else:
            print(f"kept the indexes {prefix}-*: delete them with DELETE /{prefix}-*", flush=True)
        client.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000, help="documents to index (default 100000)")
    parser.add_argument(
        "--raw-docs",
        type=int,
        default=None,
        help="documents the raw helpers.bulk side indexes too, for the bulk ratio (default: all)",
    )
    parser.add_argument("--rounds", type=int, default=20, help="times the query mix is run (default 20)")
    parser.add_argument("--backend", choices=["sqlite", "elasticsearch", "all"], default="all")
    parser.add_argument("--es-url", default="http://127.0.0.1:59200")
    parser.add_argument(
        "--adapter-first", action="store_true", help="in each block, the adapter bulks before the raw client"
    )
    parser.add_argument(
        "--keep", metavar="PREFIX", help="index under PREFIX and keep the adapter's index (for --reuse)"
    )
    parser.add_argument(
        "--reuse", metavar="PREFIX", help="skip the bulk: query the index kept by --keep PREFIX"
    )
    parser.add_argument(
        "--sqlite-dir", type=Path, default=None, help="where the SQLite file goes (default: temp)"
    )
    args = parser.parse_args(argv)
    raw_count = args.docs if args.raw_docs is None else min(args.raw_docs, args.docs)

    if args.backend in ("sqlite", "all"):
        bench_sqlite(args.docs, args.rounds, args.sqlite_dir)
    if args.backend in ("elasticsearch", "all"):
        bench_elasticsearch(
            args.es_url, args.docs, raw_count, args.rounds, args.adapter_first, args.keep, args.reuse
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
