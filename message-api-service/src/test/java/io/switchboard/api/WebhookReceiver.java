package io.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server a test points a webhook endpoint at (JDK {@code HttpServer} on a free port): it records every
 * request with its headers and arrival time, and answers 503 while {@link #down} is set.
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
    private final List<Hit> hits = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    public volatile boolean down;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hook", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                boolean accept = !down;
                synchronized (hits) {
                    hits.add(new Hit(System.nanoTime(), exchange.getRequestHeaders().getFirst("X-Switchboard-Event-Id"),
                            exchange.getRequestHeaders().getFirst("X-Switchboard-Event"),
                            exchange.getRequestHeaders().getFirst("X-Switchboard-Signature"), body, accept));
                }
                byte[] answer = (accept ? "ok" : "down for maintenance").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(accept ? 200 : 503, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
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

    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
