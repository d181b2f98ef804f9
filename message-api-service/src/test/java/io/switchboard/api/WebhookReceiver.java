package io.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.events.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server a test points a webhook endpoint at (JDK {@code HttpServer} on a free port): it records every
 * request with its headers and arrival time, and answers 503 while {@link #down} is set, late when
 * {@link #answerAfterMillis} is set, and never to the next {@link #hangNext} requests.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Hit(long nanos, String eventId, String kind, String signature, String body, boolean accepted) {
        public JsonNode json() {
            try {
                return EventCodec.mapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public long dialogId() {
            return json().path("dialog_id").asLong();
        }
    }

    private final HttpServer server;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final List<Hit> hits = new ArrayList<>();
    private final List<HttpExchange> held = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    public volatile boolean down;
    /** Answers each request this long after it arrived (from a timer; no thread waits meanwhile). */
    public volatile long answerAfterMillis;
    /** The next this many requests get no answer at all: the connection stays open until the sender gives up. */
    public final AtomicInteger hangNext = new AtomicInteger();
    /** The next this many requests are answered 503, as while {@link #down}. */
    public final AtomicInteger failNext = new AtomicInteger();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hook", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean hang = hangNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            boolean fail = !hang && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            boolean accept = !down && !hang && !fail;
            synchronized (hits) {
                hits.add(new Hit(System.nanoTime(), exchange.getRequestHeaders().getFirst("X-Switchboard-Event-Id"),
                        exchange.getRequestHeaders().getFirst("X-Switchboard-Event"),
                        exchange.getRequestHeaders().getFirst("X-Switchboard-Signature"), body, accept));
            }
            if (hang) {
                synchronized (held) {
                    held.add(exchange);
                }
                return;
            }
            long delay = answerAfterMillis;
            if (delay > 0) {
                later.schedule(() -> answer(exchange, accept), delay, TimeUnit.MILLISECONDS);
            } else {
                answer(exchange, accept);
            }
        });
        server.start();
    }

    private void answer(HttpExchange exchange, boolean accept) {
        inFlight.decrementAndGet();
        byte[] answer = (accept ? "ok" : "down for maintenance").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(accept ? 200 : 503, answer.length);
            out.write(answer);
        } catch (IOException gone) {
            // the sender gave up waiting
        } finally {
            exchange.close();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Hit> hits() {
        synchronized (hits) {
            return List.copyOf(hits);
        }
    }

    /** Requests answered 200, in arrival order. */
    public List<Hit> accepted() {
        return hits().stream().filter(Hit::accepted).toList();
    }

    /** The most requests this receiver had unanswered at once (hung ones included). */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        later.shutdownNow();
        synchronized (held) {
            held.forEach(HttpExchange::close);
        }
        server.stop(0);
    }
}
