package io.switchboard.systemtests;

import io.switchboard.launcher.LocalSystem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import redis.clients.jedis.Jedis;

/** What an operator of the system looks at and pokes while a fault runs: readiness, metrics, raw Redis. */
final class Ops {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Ops() {
    }

    /** The HTTP status of {@code GET base/q/health/ready}, or -1 when nothing answers. */
    static int readiness(String base) {
        return status(base + "/q/health/ready");
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The sum of a Prometheus counter's samples (all label sets matching {@code labelFragment}) at {@code base}. */
    static double metric(String base, String name, String labelFragment) {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                        && line.contains(labelFragment)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The status line of a GET sent as raw HTTP/1.1 with an {@code Upgrade: h2c} request, as curl --http2 sends
     * it: a server (or proxy) that switches protocols answers {@code HTTP/1.1 101}.
     */
    static String statusLineOfH2cUpgrade(String hostPort, String path) {
        String[] hp = hostPort.split(":");
        try (java.net.Socket s = new java.net.Socket(hp[0], Integer.parseInt(hp[1]))) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A plain Redis client on the system's embedded Redis (what an operator's redis-cli is). */
    static Jedis redis(LocalSystem system) {
        Jedis j = new Jedis("127.0.0.1", system.redis().port(), 15_000);
        j.connect();
        return j;
    }
}
