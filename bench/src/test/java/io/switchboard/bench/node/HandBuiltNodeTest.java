package io.switchboard.bench.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bench.SystemStarter;
import io.switchboard.events.EventCodec;
import io.switchboard.infra.EmbeddedPostgresServer;
import io.switchboard.infra.EmbeddedRedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-built comparison server, run as the bench runs it (real Node process, embedded PostgreSQL with
 * synchronous commit, embedded Redis): it must answer what S1 asks the way Switchboard does, or the comparison
 * would compare different work.
 */
class HandBuiltNodeTest {
    private static HandBuiltNode server;
    // HTTP/1.1 as the bench speaks it (an h2c upgrade request would reach the server's WebSocket upgrade handler)
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Starts only PostgreSQL and Redis, as the launcher's starter does. */
    private static final SystemStarter INFRA = new SystemStarter() {
        @Override
        public StartedSystem start(String profile, java.util.Map<String, String> env, List<String> jvm, PrintStream c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Infrastructure startInfrastructure() {
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.startTemporary();
            EmbeddedRedisServer redis = EmbeddedRedisServer.startOnFreePort();
            return new Infrastructure() {
                public String jdbcUrl() {
                    return pg.jdbcUrl();
                }

                public String user() {
                    return EmbeddedPostgresServer.USER;
                }

                public String password() {
                    return EmbeddedPostgresServer.PASSWORD;
                }

                public String redisUrl() {
                    return redis.url();
                }

                public void close() {
                    redis.stop();
                    pg.stop();
                }
            };
        }
    };

    @BeforeAll
    static void start() {
        Assertions.assertTrue(nodeInstalled(), "the hand-built comparison server needs Node.js 20 on the PATH: install it "
                + "(Debian: apt-get install nodejs npm; ./mvnw verify does, through scripts/ensure-test-tools.sh) rather than skip this test");
        server = HandBuiltNode.start(INFRA, Path.of("..").toAbsolutePath().normalize(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean nodeInstalled() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return EventCodec.mapper().readTree(r.body());
    }

    /** Frames one socket received, and how it was closed. */
    private static final class Frames implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        boolean has(String fragment) {
            return frames.stream().anyMatch(f -> f.contains(fragment));
        }
    }

    private static Frames socket(String path) throws Exception {
        Frames f = new Frames();
        HTTP.newWebSocketBuilder().buildAsync(URI.create(server.url().replace("http", "ws") + path), f)
                .get(10, TimeUnit.SECONDS);
        return f;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Test
    void postsAreCommittedIdempotentAndFannedOutInSeqOrderToTheDialogsSocketsOnly() throws Exception {
        assertThat(call("POST", "/api/auth/login", null, "{\"username\":\"admin\",\"password\":\"wrong\"}")
                .statusCode()).isEqualTo(401);
        String token = json(call("POST", "/api/auth/login", null,
                "{\"username\":\"admin\",\"password\":\"admin123\"}")).path("access_token").asText();
        assertThat(call("POST", "/api/assistants", null, "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
        long assistant = json(call("POST", "/api/assistants", token, "{\"name\":\"bench\"}")).path("id").asLong();
        JsonNode a = json(call("POST", "/api/widget/dialogs", null, "{\"assistant_id\":" + assistant + "}"));
        JsonNode b = json(call("POST", "/api/widget/dialogs", null, "{\"assistant_id\":" + assistant + "}"));
        String guestA = "assistant_id=" + assistant + "&guest_token=" + a.path("guest_token").asText();

        // a message stored before the socket came is caught up from the table
        HttpResponse<String> first = call("POST", "/api/widget/dialogs/" + a.path("id").asLong() + "/messages?" + guestA,
                null, "{\"text\":\"one\",\"client_msg_id\":\"c-1\"}");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(json(first).path("seq").asLong()).isEqualTo(1);

        Frames operator = socket("/ws/dialogs/" + a.path("id").asLong() + "?after_seq=0&token=" + token);
        Frames guest = socket("/ws/widget/dialogs/" + a.path("id").asLong() + "?" + guestA + "&after_seq=0");
        Frames otherDialog = socket("/ws/dialogs/" + b.path("id").asLong() + "?after_seq=0&token=" + token);
        await(() -> operator.has("\"subscribed\"") && guest.has("\"subscribed\"") && otherDialog.has("\"subscribed\""));

        // the same client_msg_id again: the stored message, no new seq, nothing published
        HttpResponse<String> repeat = call("POST", "/api/widget/dialogs/" + a.path("id").asLong() + "/messages?" + guestA,
                null, "{\"text\":\"one\",\"client_msg_id\":\"c-1\"}");
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(json(repeat).path("seq").asLong()).isEqualTo(1);
        HttpResponse<String> second = call("POST", "/api/widget/dialogs/" + a.path("id").asLong() + "/messages?"
                + guestA, null, "{\"text\":\"two\"}");
        assertThat(json(second).path("seq").asLong()).isEqualTo(2);

        await(() -> operator.has("\"text\":\"two\"") && guest.has("\"text\":\"two\""));
        for (Frames f : List.of(operator, guest)) {
            List<Long> seqs = f.frames.stream().filter(x -> x.contains("\"type\":\"message:new\""))
                    .map(x -> {
                        try {
                            return EventCodec.mapper().readTree(x).path("seq").asLong();
                        } catch (Exception e) {
                            throw new AssertionError(x, e);
                        }
                    }).toList();
            assertThat(seqs).containsExactly(1L, 2L);
        }
        assertThat(otherDialog.frames).noneMatch(x -> x.contains("message:new"));

        // a guest's token opens its own dialog only; bad input is refused with a reason
        String wrongGuest = "assistant_id=" + assistant + "&guest_token=" + b.path("guest_token").asText();
        assertThat(call("POST", "/api/widget/dialogs/" + a.path("id").asLong() + "/messages?" + wrongGuest, null,
                "{\"text\":\"intruder\"}").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/widget/dialogs/" + a.path("id").asLong() + "/messages?" + guestA, null,
                "{\"text\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/widget/dialogs/" + a.path("id").asLong() + "/messages?" + guestA, null,
                "{not json").statusCode()).isEqualTo(400);
        Frames forged = socket("/ws/dialogs/" + a.path("id").asLong() + "?after_seq=0&token=" + token + "x");
        assertThat(forged.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
        Frames intruder = socket("/ws/widget/dialogs/" + a.path("id").asLong() + "?" + wrongGuest + "&after_seq=0");
        assertThat(intruder.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4404);
        assertThat(operator.frames).noneMatch(x -> x.contains("intruder"));
    }
}
