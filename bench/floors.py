#!/usr/bin/env python3
"""Issue 10's floors and aims, checked on one run's raw.tsv (bench/results/<run>/raw.tsv).

  bench/floors.py bench/results/compare-*/raw.tsv [GATEWAY_NAME]

Per cell (body x load) it takes the per-round ratios (as the harness's tables do) and reports their
median and worst; a floor "in every cell" holds when the worst-case median over rounds holds in
every cell. Latency floors are read at the fixed-rate load (p50x20).
"""
import collections
import statistics
import sys


def main():
    path = sys.argv[1]
    gw = sys.argv[2] if len(sys.argv) > 2 else "portway"
    rows = []
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            v = line.rstrip("\n").split("\t")
            if len(v) < len(header) or v[4] == "FAILED":
                continue
            rows.append(dict(zip(header, v)))
    by = collections.defaultdict(dict)   # (body, load) -> target -> round -> row
    for r in rows:
        by[(r["body"], r["load"])].setdefault(r["target"], {})[r["round"]] = r
    targets = sorted({r["target"] for r in rows})

    def ratios(cell, a, b, field):
        out = []
        for rnd, ra in by[cell].get(a, {}).items():
            rb = by[cell].get(b, {}).get(rnd)
            if rb and ra[field] not in ("-", "") and rb[field] not in ("-", "") and float(rb[field]) > 0:
                out.append(float(ra[field]) / float(rb[field]))
        return out

    def med(xs):
        return statistics.median(xs) if xs else float("nan")

    cells = sorted(by)
    print(f"| cell | req/s x vertx | req/s x scg | req/s x nginx | CPU/req x nginx | p50 - nginx ms | p99 - nginx ms | errors | upstream req/req | RSS peak MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    worst = collections.defaultdict(list)
    for cell in cells:
        g = by[cell].get(gw, {})
        if not g:
            continue
        rv = med(ratios(cell, gw, "vertx", "rps"))
        rs = med(ratios(cell, gw, "scg", "rps"))
        rn = med(ratios(cell, gw, "nginx", "rps"))
        cu = med(ratios(cell, gw, "nginx", "target_us_per_req"))
        d50 = []
        d99 = []
        for rnd, r in g.items():
            n = by[cell].get("nginx", {}).get(rnd)
            if n:
                d50.append(float(r["p50_ms"]) - float(n["p50_ms"]))
                d99.append(float(r["p99_ms"]) - float(n["p99_ms"]))
        errs = sum(int(r["errors"]) for r in g.values())
        upr = max(float(r["upstream_reqs_per_req"]) for r in g.values())
        rss = max(float(r["rss_peak_mb"]) for r in g.values() if r["rss_peak_mb"] != "-")
        paced = cell[1].startswith("p")
        print(f"| {cell[0]} {cell[1]} | {rv:.2f} | {'-' if rs != rs else f'{rs:.2f}'} | {rn:.2f} | {cu:.2f} | "
              f"{med(d50):+.2f} | {med(d99):+.2f} | {errs} | {upr:.3f} | {rss:.0f} |")
        if not paced:
            worst["rv"].append(rv); worst["rs"].append(rs); worst["rn"].append(rn)
        worst["cu"].append(cu); worst["err"].append(errs); worst["upr"].append(upr); worst["rss"].append(rss)
        if paced:
            worst["d50"].append(med(d50)); worst["d99"].append(med(d99))

    def verdict(ok):
        return "met" if ok else "**not met**"

    print()
    print("| floor / aim | worst cell | verdict |")
    print("|---|---|---|")
    checks = [
        ("floor: req/s >= 0.85x the bare Vert.x proxy (saturation cells)", min(worst["rv"], default=float("nan")), lambda x: x >= 0.85, "{:.2f}x"),
        ("floor: req/s >= 2x Spring Cloud Gateway (saturation cells)", min(worst["rs"], default=float("nan")), lambda x: x >= 2.0, "{:.2f}x"),
        ("floor: CPU per request <= 2.4x nginx", max(worst["cu"], default=float("nan")), lambda x: x <= 2.4, "{:.2f}x"),
        ("floor: p50 <= nginx + 0.5 ms at the fixed rate", max(worst["d50"], default=float("nan")), lambda x: x <= 0.5, "{:+.2f} ms"),
        ("floor: p99 <= nginx + 3 ms at the fixed rate", max(worst["d99"], default=float("nan")), lambda x: x <= 3.0, "{:+.2f} ms"),
        ("floor: 0 errors", max(worst["err"], default=0), lambda x: x == 0, "{}"),
        ("floor: one upstream request per client request", max(worst["upr"], default=float("nan")), lambda x: x <= 1.005, "{:.3f}"),
        ("floor: RSS <= 256 MB under load", max(worst["rss"], default=float("nan")), lambda x: x <= 256, "{:.0f} MB"),
        ("aim: req/s >= 1.2x the bare Vert.x proxy", min(worst["rv"], default=float("nan")), lambda x: x >= 1.2, "{:.2f}x"),
        ("aim: req/s >= 0.8x nginx", min(worst["rn"], default=float("nan")), lambda x: x >= 0.8, "{:.2f}x"),
        ("aim: CPU per request <= 1.5x nginx", max(worst["cu"], default=float("nan")), lambda x: x <= 1.5, "{:.2f}x"),
    ]
    for name, value, ok, fmt in checks:
        if value != value:   # NaN: the reference was not in this run
            print(f"| {name} | - | not measured in this run |")
            continue
        print(f"| {name} | {fmt.format(value)} | {verdict(ok(value))} |")
    print(f"\n(targets in this run: {', '.join(targets)}; the upstream request check allows 0.5 % for requests"
          " that straddle the start or end of a measured run)")


if __name__ == "__main__":
    main()
