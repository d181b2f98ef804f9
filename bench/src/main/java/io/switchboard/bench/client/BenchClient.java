package io.switchboard.bench.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The bench's network side: one Vert.x instance with a small event-loop pool, a pooled HTTP client
 * for REST calls and a WebSocket client allowed to hold tens of thousands of sockets.
 */
public final class BenchClient implements AutoCloseable {
    private final Vertx vertx;
    private final HttpClient http;
    private final WebSocketClient ws;

    /**
     * @param eventLoops      event-loop threads of the bench (default 2: the machine's cores)
     * @param httpConnections pooled HTTP connections to one host
     */
    public BenchClient(int eventLoops, int httpConnections) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(4)
                .setBlockedThreadCheckInterval(10_000).setPreferNativeTransport(false));
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout(5_000).setMaxInitialLineLength(4096),
                new PoolOptions().setHttp1MaxSize(httpConnections).setMaxWaitQueueSize(100_000));
        ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                .setConnectTimeout(15_000).setTcpNoDelay(true).setTryUsePerMessageCompression(false)
                .setTryUsePerFrameCompression(false).setMaxFrameSize(65536).setMaxMessageSize(262_144)
                .setClosingTimeout(2));
    }

    public Vertx vertx() {
        return vertx;
    }

    /** One HTTP call; never fails the future: a transport failure is status 0. */
    public CompletableFuture<HttpAnswer> call(HttpMethod method, String url, String bearer, String jsonBody) {
        // Bounded twice: getting a pooled connection (unbounded by default; a run once hung there for minutes)
        // and the answer.
        RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(url).setConnectTimeout(30_000)
                .setTimeout(30_000);
        if (bearer != null) {
            o.putHeader("Authorization", "Bearer " + bearer);
        }
        if (jsonBody != null) {
            o.putHeader("Content-Type", "application/json");
        }
        Future<HttpAnswer> f = http.request(o)
                .compose(req -> jsonBody == null ? req.send() : req.send(Buffer.buffer(jsonBody)))
                .compose(resp -> resp.body().map(b -> new HttpAnswer(resp.statusCode(), b.toString())));
        CompletableFuture<HttpAnswer> cf = new CompletableFuture<>();
        f.onComplete(ar -> cf.complete(ar.succeeded() ? ar.result() : new HttpAnswer(0, String.valueOf(ar.cause()))));
        return cf;
    }

    private volatile String guestOrigin;

    /** The {@code Origin} guest sockets send: the target's own page origin (its API URL), which it trusts. */
    public void guestOrigin(String apiUrl) {
        URI u = URI.create(apiUrl);
        guestOrigin = u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    }

    /** Opens a WebSocket to a {@code ws://} URL (query string included). */
    public CompletableFuture<WebSocket> connect(String wsUrl) {
        URI u = URI.create(wsUrl);
        String pathAndQuery = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(u.getHost()).setPort(u.getPort())
                .setURI(pathAndQuery).setTimeout(15_000)
                // operator sockets: a server-side client, like the AI bot service: browsers send Origin, this does not
                .setAllowOriginHeader(false);
        if (guestOrigin != null && u.getRawPath().matches("/ws/(widget|site)/.*")) {
            // Guest sockets are browser paths and need the page's Origin. The client drops any Origin header unless
            // it is allowed to send one; it keeps ours instead of making one up from the socket's host.
            o.setAllowOriginHeader(true).putHeader("Origin", guestOrigin);
        }
        CompletableFuture<WebSocket> cf = new CompletableFuture<>();
        ws.connect(o).onComplete(ar -> {
            if (ar.succeeded()) {
                cf.complete(ar.result());
            } else {
                cf.completeExceptionally(ar.cause());
            }
        });
        return cf;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing the bench's own client; nothing to report
        }
    }
}
