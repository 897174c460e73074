package dev.portway.it.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The upstream the integration tests put behind the gateway. It runs in its own container on the JRE
 * of the gateway image, so it may use {@code java.base} only (the image's jlinked runtime has no
 * {@code jdk.httpserver}). One thread per connection, HTTP/1.1 keep-alive, because the gateway pools
 * upstream connections.
 *
 * <ul>
 *   <li>{@code /bytes/N}: {@code N} bytes of the pattern {@link #patternByte(long)}, so a client can
 *       check a large streamed body without holding it;</li>
 *   <li>{@code /slow/MS}: answers like the echo after {@code MS} milliseconds;</li>
 *   <li>{@code /hang}: never answers; holds the connection until the peer closes it;</li>
 *   <li>{@code /status/CODE}: answers with that status;</li>
 *   <li>anything else: a JSON description of the request as it arrived here (method, URI, headers).</li>
 * </ul>
 *
 * Every request is logged to stdout as {@code upstream: received METHOD URI}, which lets a test wait
 * until a request is in flight.
 */
public final class TestUpstream {
  private static final byte[] CRLF = {'\r', '\n'};

  private TestUpstream() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    try (ServerSocket server = new ServerSocket(port, 128)) {
      System.out.println("upstream: listening on " + port);
      while (true) {
        Socket socket = server.accept();
        Thread thread = new Thread(() -> serve(socket), "conn-" + socket.getPort());
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  /** The byte at offset {@code i} of every {@code /bytes/N} body: a prime period, so shifted or lost chunks show. */
  public static byte patternByte(long i) {
    return (byte) (i % 251);
  }

  private static void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        String[] parts = requestLine.split(" ", 3);
        String method = parts[0];
        String uri = parts.length > 1 ? parts[1] : "/";
        Map<String, List<String>> headers = readHeaders(in);
        long bodyLength = drainBody(in, headers);
        System.out.println("upstream: received " + method + " " + uri);
        boolean close = "close".equalsIgnoreCase(first(headers, "connection"));
        respond(method, uri, headers, bodyLength, in, out);
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // The peer went away (the gateway closed a pooled or timed-out connection): nothing to answer.
    }
  }

  private static void respond(String method, String uri, Map<String, List<String>> headers, long bodyLength,
      InputStream in, OutputStream out) throws IOException, InterruptedException {
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    if (path.startsWith("/bytes/")) {
      long n = Long.parseLong(path.substring("/bytes/".length()));
      writeHead(out, 200, "application/octet-stream", n);
      byte[] chunk = new byte[64 * 1024];
      for (long sent = 0; sent < n; ) {
        int len = (int) Math.min(chunk.length, n - sent);
        for (int i = 0; i < len; i++) {
          chunk[i] = patternByte(sent + i);
        }
        out.write(chunk, 0, len);
        sent += len;
      }
    } else if (path.equals("/hang")) {
      // Hold the request unanswered until the gateway gives up and closes the connection.
      while (in.read() >= 0) {
        // discard
      }
      throw new IOException("peer closed a hanging request");
    } else if (path.startsWith("/status/")) {
      int status = Integer.parseInt(path.substring("/status/".length()));
      writeBody(out, status, "application/json", "{\"status\":" + status + "}");
    } else {
      if (path.startsWith("/slow/")) {
        Thread.sleep(Long.parseLong(path.substring("/slow/".length())));
      }
      writeBody(out, 200, "application/json", echoJson(method, uri, headers, bodyLength));
    }
  }

  private static String echoJson(String method, String uri, Map<String, List<String>> headers, long bodyLength) {
    StringBuilder json = new StringBuilder("{\"method\":").append(quote(method))
        .append(",\"uri\":").append(quote(uri))
        .append(",\"bodyLength\":").append(bodyLength)
        .append(",\"headers\":{");
    String sep = "";
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      json.append(sep).append(quote(header.getKey())).append(":[");
      String valueSep = "";
      for (String value : header.getValue()) {
        json.append(valueSep).append(quote(value));
        valueSep = ",";
      }
      json.append(']');
      sep = ",";
    }
    return json.append("}}").toString();
  }

  private static void writeBody(OutputStream out, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    writeHead(out, status, contentType, bytes.length);
    out.write(bytes);
  }

  private static void writeHead(OutputStream out, int status, String contentType, long length) throws IOException {
    String head = "HTTP/1.1 " + status + " " + (status < 400 ? "OK" : "Error") + "\r\n"
        + "Content-Type: " + contentType + "\r\n"
        + "Content-Length: " + length + "\r\n"
        + "X-Upstream: portway-it\r\n"
        + "\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Header names in lower case, values in arrival order. */
  private static Map<String, List<String>> readHeaders(InputStream in) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  /** Reads and discards the request body (fixed length or chunked); returns its length. */
  private static long drainBody(InputStream in, Map<String, List<String>> headers) throws IOException {
    String transferEncoding = first(headers, "transfer-encoding");
    if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      long total = 0;
      while (true) {
        String sizeLine = readLine(in);
        if (sizeLine == null) {
          throw new IOException("truncated chunked body");
        }
        int ext = sizeLine.indexOf(';');
        long size = Long.parseLong((ext >= 0 ? sizeLine.substring(0, ext) : sizeLine).trim(), 16);
        if (size == 0) {
          readHeaders(in); // trailers
          return total;
        }
        skip(in, size);
        readLine(in);
        total += size;
      }
    }
    String contentLength = first(headers, "content-length");
    long length = contentLength == null ? 0 : Long.parseLong(contentLength);
    skip(in, length);
    return length;
  }

  private static void skip(InputStream in, long n) throws IOException {
    for (long left = n; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("truncated body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** One CRLF-terminated line in ISO-8859-1, or {@code null} at end of stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (previous == CRLF[0] && b == CRLF[1]) {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String quote(String s) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
