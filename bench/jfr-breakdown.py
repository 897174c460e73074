#!/usr/bin/env python3
"""Where the CPU goes, from a JFR recording: share of execution samples whose stack contains a frame
of each group (inclusive; a sample can count in several groups), and the top frames.

  bench/jfr-breakdown.py bench/results/profile-*/portway.jfr [JFR_TOOL]
"""
import collections, re, signal, subprocess, sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # quiet under `| head`

GROUPS = [
    ("portway: proxy handler", r"dev\.portway\.gateway\.proxy\.impl\.ProxyHandlerImpl"),
    ("portway: Exchange init (headers, ids)", r"dev\.portway\.gateway\.proxy\.impl\.Exchange\.<init>"),
    ("portway: Headers.copyEndToEnd", r"dev\.portway\.gateway\.proxy\.impl\.Headers\.copyEndToEnd"),
    ("portway: router match", r"dev\.portway\.gateway\.routing\.Router\.match"),
    ("portway: GatewayMetrics", r"dev\.portway\.gateway\.metrics\.GatewayMetrics"),
    ("portway: access log (all)", r"dev\.portway\.gateway\.accesslog\.AccessLog\.onComplete"),
    ("portway: access log line (JSON)", r"dev\.portway\.gateway\.accesslog\.AccessLog\.line"),
    ("logback", r"ch\.qos\.logback"),
    ("jackson", r"com\.fasterxml\.jackson"),
    ("vert.x micrometer metrics", r"io\.vertx\.micrometer"),
    ("micrometer (any)", r"io\.micrometer"),
    ("vert.x http server", r"io\.vertx\.core\.http\.impl\.http1\.Http1Server"),
    ("vert.x http client", r"io\.vertx\.core\.http\.impl\.(http1\.)?Http1xClient|Http1ClientConnection"),
    ("vert.x client pool", r"io\.vertx\.core\.internal\.pool|ConnectionManager|SharedHttpClientConnectionGroup"),
    ("netty write/flush", r"io\.netty\.channel\.AbstractChannelHandlerContext\.(write|flush)|io\.netty\.channel\.nio\.AbstractNioByteChannel\.doWrite|Epoll.*doWrite"),
    ("netty read", r"NioByteUnsafe\.read|EpollStreamUnsafe\.epollInReady|AbstractEpollStreamChannel"),
    ("socket syscalls (sun.nio.ch / epoll native)", r"sun\.nio\.ch\.(SocketDispatcher|IOUtil|EPoll)|io\.netty\.channel\.epoll\.Native|FileDispatcherImpl|io\.netty\.channel\.unix"),
]

def main():
    path = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    out = subprocess.run([tool, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         capture_output=True, text=True, check=True).stdout
    samples = []
    cur = None
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("jdk.ExecutionSample"):
            cur = []
            samples.append(cur)
        elif cur is not None and s.startswith("stackTrace"):
            pass
        elif cur is not None and "line:" in s:
            cur.append(s.split("  line:")[0])
    total = len(samples)
    print(f"{total} execution samples")
    for name, pat in GROUPS:
        rx = re.compile(pat)
        n = sum(1 for st in samples if any(rx.search(f) for f in st))
        print(f"{100.0 * n / max(total, 1):6.1f} %  {name}")
    top = collections.Counter(st[0] for st in samples if st)
    print("\ntop frames:")
    for frame, n in top.most_common(25):
        print(f"{100.0 * n / total:6.1f} %  {frame}")

if __name__ == "__main__":
    main()
