package io.switchboard.bench.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bench.BenchPayload;
import io.switchboard.bench.LatencySummary;
import io.switchboard.bench.MicroClock;
import io.switchboard.bench.load.ExpectedSeqs;
import io.switchboard.events.EventCodec;
import io.switchboard.events.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A bot's webhook endpoint inside the bench process: a Vert.x HTTP server on 127.0.0.1 (its own Vert.x with one event
 * loop, so it does not share the load generator's loops) that verifies every delivery's signature with the endpoint's
 * secret, as a bot must, and keeps a ledger of what arrived: by {@code event_id} (repeats), by dialog and seq (loss
 * against what the API stored, order within each dialog), and two latencies of each measured message: from the event's
 * {@code ts} (set by message-api when it builds the event, inside the post's transaction just before the outbox insert
 * and the commit, so an upper bound of commit → receiver) and from the bench's own send time (POST → receiver).
 * Every delivery is answered 204 at once; a delivery whose signature does not verify gets 401.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** What the receiver counted after a run. */
    public record Result(long requests, long badSignature, long duplicates, long outOfOrder, long lost, long foreign,
                         LatencySummary commitToReceiver, LatencySummary sendToReceiver) {
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final String run;
    private final int warmupIds;
    private final Map<Long, Integer> dialogIndex = new HashMap<>();
    private final Set<String> eventIds = new HashSet<>();
    private final Histogram commitToReceiver = LatencySummary.newPlainHistogram();
    private final Histogram sendToReceiver = LatencySummary.newPlainHistogram();
    private BitSet[] received = new BitSet[0];
    private long[] lastSeq = new long[0];
    private long requests;
    private long badSignature;
    private long duplicates;
    private long outOfOrder;
    private long foreign;
    private volatile String secret;

    private WebhookReceiver(Vertx vertx, HttpServer server, String run, int warmupIds) {
        this.vertx = vertx;
        this.server = server;
        this.run = run;
        this.warmupIds = warmupIds;
    }

    /** Starts listening on a free loopback port; messages with an id below {@code warmupIds} count for loss only. */
    public static WebhookReceiver start(String run, int warmupIds) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setTcpNoDelay(true));
        WebhookReceiver r = new WebhookReceiver(vertx, server, run, warmupIds);
        server.requestHandler(r::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the webhook receiver could not listen: " + e.getMessage(), e);
        }
        return r;
    }

    /** Where the endpoint points. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/bench-webhook";
    }

    /**
     * The endpoint's secret (shown once when it was created) and the run's dialogs (server id → index); until this
     * is called every delivery fails verification.
     */
    public synchronized void subscribed(String endpointSecret, Map<Long, Integer> dialogs) {
        this.secret = endpointSecret;
        dialogIndex.putAll(dialogs);
        received = new BitSet[dialogs.size()];
        lastSeq = new long[dialogs.size()];
        for (int i = 0; i < received.length; i++) {
            received[i] = new BitSet();
        }
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buf -> {
            long arrival = MicroClock.nowMicros();
            String body = buf.toString(StandardCharsets.UTF_8);
            boolean valid = secret != null && WebhookSignature.verify(secret, req.getHeader(WebhookSignature.HEADER),
                    body, arrival / 1_000_000, 300);
            record(valid, body, arrival);
            req.response().setStatusCode(valid ? 204 : 401).end();
        }).onFailure(e -> req.response().setStatusCode(400).end());
    }

    private synchronized void record(boolean valid, String body, long arrival) {
        requests++;
        if (!valid) {
            badSignature++;
            return;
        }
        JsonNode e;
        try {
            e = EventCodec.mapper().readTree(body);
        } catch (IOException bad) {
            foreign++;
            return;
        }
        Integer index = dialogIndex.get(e.path("dialog_id").asLong());
        BenchPayload payload = BenchPayload.find(e.path("message").path("text").asText(""));
        if (index == null || payload == null || !run.equals(payload.run())) {
            foreign++;
            return;
        }
        if (!eventIds.add(e.path("event_id").asText())) {
            duplicates++;
            return;
        }
        long seq = e.path("seq").asLong();
        if (seq < lastSeq[index]) {
            outOfOrder++;
        }
        lastSeq[index] = Math.max(lastSeq[index], seq);
        received[index].set((int) seq);
        if (payload.id() >= warmupIds) {
            sendToReceiver.recordValue(Math.max(0, arrival - payload.sentMicros()));
            String ts = e.path("ts").asText(null);
            if (ts != null) {
                Instant t = Instant.parse(ts);
                long tsMicros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
                commitToReceiver.recordValue(Math.max(0, arrival - tsMicros));
            }
        }
    }

    private synchronized long missing(ExpectedSeqs expected) {
        long lost = 0;
        for (int i = 0; i < received.length; i++) {
            BitSet want = expected.of(i);
            want.andNot(received[i]);
            lost += want.cardinality();
        }
        return lost;
    }

    private synchronized long requests() {
        return requests;
    }

    /**
     * Waits until every message the API stored so far arrived, or no delivery came for {@code drain} (at most ten
     * drains in all); the number still missing.
     */
    public long awaitDrained(ExpectedSeqs expected, Duration drain) {
        long hardStop = System.nanoTime() + drain.toNanos() * 10;
        long deadline = System.nanoTime() + drain.toNanos();
        long seen = requests();
        while (true) {
            long missing = missing(expected);
            if (missing == 0 || System.nanoTime() > deadline || System.nanoTime() > hardStop) {
                return missing;
            }
            long now = requests();
            if (now != seen) {
                seen = now;
                deadline = System.nanoTime() + drain.toNanos();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return missing(expected);
            }
        }
    }

    /** The counts and latencies so far; {@code lost} against {@code expected}. */
    public synchronized Result result(ExpectedSeqs expected) {
        return new Result(requests, badSignature, duplicates, outOfOrder, missing(expected), foreign,
                LatencySummary.ofMicros(commitToReceiver), LatencySummary.ofMicros(sendToReceiver));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing at the end of a run; nothing depends on it
        }
    }
}
