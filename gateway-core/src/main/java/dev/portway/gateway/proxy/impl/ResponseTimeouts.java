package dev.portway.gateway.proxy.impl;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The response timeouts ({@code timeouts.response}, {@code retry.perTryTimeout}) of the tries sent from
 * one event loop: from a request fully sent to its response head.
 *
 * <p>Why not a Vert.x timer per try ({@code HttpClientRequest.idleTimeout}): each one is a map entry,
 * a close hook and a node in Netty's priority queue, set and cancelled for nearly every request
 * (decision 1008 has the profile). Tries armed with the same timeout expire in the order they
 * were armed, so one list per timeout stays sorted by itself: arming appends, an answer unlinks, and a
 * single timer per list wakes at its head's deadline.
 *
 * <p>Confined to one event loop: the traffic listener has one proxy handler, and so one of these, per
 * loop.
 */
final class ResponseTimeouts {

  /** HTTP/2's CANCEL, the code Vert.x's own timeout resets with; HTTP/1.x closes the connection. */
  private static final long CANCEL = 0x8;

  private Line[] lines = new Line[0];
  private Thread loop;

  /** The wait of one try, armed once its request is sent ({@link Wait#start}) and ended by its answer. */
  Wait newWait(HttpClientRequest request, long timeoutMillis) {
    return new Wait(this, request, timeoutMillis);
  }

  /** One try's wait for its response head; the list links live in it, so arming allocates nothing more. */
  static final class Wait {
    private final ResponseTimeouts owner;
    private final HttpClientRequest request;
    private final long timeoutMillis;
    private Line line;
    private Wait previous;
    private Wait next;
    private long deadline;
    private boolean answered;

    private Wait(ResponseTimeouts owner, HttpClientRequest request, long timeoutMillis) {
      this.owner = owner;
      this.request = request;
      this.timeoutMillis = timeoutMillis;
    }

    /** The request is sent: the timeout runs from now, unless the answer already came (an early response). */
    void start() {
      if (!answered && line == null) {
        owner.arm(this);
      }
    }

    /** The response head, or the failure that replaces it, arrived: the timeout no longer applies. */
    void answered() {
      answered = true;
      if (line != null) {
        line.unlink(this);
      }
    }

    boolean armed() {
      return line != null;
    }

    private void expire() {
      answered = true;
      // Fails the response future with this cause: ProxyHandlerImpl answers 504, or tries again.
      request.reset(CANCEL, new TimeoutException("no response head within " + timeoutMillis + " ms"));
    }
  }

  private void arm(Wait wait) {
    Thread current = Thread.currentThread();
    if (loop == null) {
      loop = current;
    } else if (loop != current) {
      throw new IllegalStateException("response timeouts of one event loop armed from " + current.getName());
    }
    Line line = lineOf(wait.timeoutMillis);
    wait.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait.timeoutMillis);
    line.append(wait);
    if (!line.timerSet) {
      line.wakeAt(wait.deadline);
    }
  }

  private Line lineOf(long timeoutMillis) {
    // A config has a handful of distinct timeouts: a scan beats a map (no boxing, no hashing).
    for (Line line : lines) {
      if (line.timeoutMillis == timeoutMillis) {
        return line;
      }
    }
    Line line = new Line(timeoutMillis);
    lines = Arrays.copyOf(lines, lines.length + 1);
    lines[lines.length - 1] = line;
    return line;
  }

  /** The waits armed with one timeout, oldest (earliest deadline) first. */
  private static final class Line {
    private final long timeoutMillis;
    private Wait head;
    private Wait tail;
    private boolean timerSet;

    Line(long timeoutMillis) {
      this.timeoutMillis = timeoutMillis;
    }

    void append(Wait wait) {
      wait.line = this;
      wait.previous = tail;
      if (tail == null) {
        head = wait;
      } else {
        tail.next = wait;
      }
      tail = wait;
    }

    void unlink(Wait wait) {
      if (wait.previous == null) {
        head = wait.next;
      } else {
        wait.previous.next = wait.next;
      }
      if (wait.next == null) {
        tail = wait.previous;
      } else {
        wait.next.previous = wait.previous;
      }
      wait.line = null;
      wait.previous = null;
      wait.next = null;
    }

    /** Sets the one timer of this line; a wait answered before it fires costs it nothing. */
    void wakeAt(long deadline) {
      timerSet = true;
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime() + 999_999));
      Vertx.currentContext().owner().setTimer(millis, id -> expireDue());
    }

    private void expireDue() {
      timerSet = false;
      long now = System.nanoTime();
      while (head != null && head.deadline - now <= 0) {
        Wait due = head;
        unlink(due);
        due.expire();
      }
      if (head != null && !timerSet) {
        wakeAt(head.deadline);
      }
    }
  }
}
