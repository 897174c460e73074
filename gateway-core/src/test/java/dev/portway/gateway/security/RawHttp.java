package dev.portway.gateway.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends bytes no well-behaved client would (smuggling attempts, oversized lines) and reads the answer. */
final class RawHttp {

  private RawHttp() {}

  /** Writes {@code request} and returns everything the server sends until it closes or goes quiet for 30 s. */
  static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      // Generous: the machine may be loaded; answers that end the connection return at once.
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          received.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException | java.net.SocketException e) {
        // The server kept the connection open or reset it; what arrived is the answer.
      }
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * The status code of the first response in {@code answer}, or 0 when there is none. HTTP/1.0 too: a
   * request line the decoder could not read has no version to answer with.
   */
  static int status(String answer) {
    return answer.matches("(?s)HTTP/1\\.[01] \\d{3}.*") ? Integer.parseInt(answer.substring(9, 12)) : 0;
  }
}
