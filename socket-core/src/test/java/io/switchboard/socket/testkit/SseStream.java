package io.switchboard.socket.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.EventCodec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SSE client that keeps every raw line, so tests can check the exact bytes (retry, comments, ids). */
public final class SseStream implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String errorBody;
    private final Thread reader;

    /** One SSE event as the browser's EventSource would see it. */
    public record Event(String event, String id, String data) {
        public JsonNode json() {
            try {
                return EventCodec.mapper().readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + data, e);
            }
        }
    }

    private SseStream(HttpResponse<InputStream> response) throws Exception {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                errorBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            reader = null;
            return;
        }
        errorBody = null;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // closed by the test or the server
            }
        }, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code pathAndQuery} with optional headers (Last-Event-ID, Origin). */
    public static SseStream open(URI base, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET()
                .header("Accept", "text/event-stream");
        headers.forEach((k, v) -> {
            if (!"Origin".equalsIgnoreCase(k)) {
                b.header(k, v);
            }
        });
        if (headers.containsKey("Origin")) {
            // java.net.http refuses to set Origin itself; use a raw request then.
            throw new IllegalArgumentException("use RawHttp for requests with an Origin header");
        }
        try {
            return new SseStream(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static SseStream open(URI base, String pathAndQuery) {
        return open(base, pathAndQuery, Map.of());
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The JSON error body of a refused request. */
    public JsonNode error() {
        try {
            return EventCodec.mapper().readTree(errorBody);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + errorBody, e);
        }
    }

    /** Every line received so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Events completed so far (a blank line ends each). */
    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        String event = null;
        String id = null;
        StringBuilder data = null;
        for (String line : lines) {
            if (line.isEmpty()) {
                if (data != null) {
                    out.add(new Event(event, id, data.toString()));
                }
                event = null;
                id = null;
                data = null;
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ")) {
                data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
            }
        }
        return out;
    }

    /** Seqs of message:new events of a dialog, in arrival order. */
    public List<Long> messageSeqs(long dialogId) {
        return events().stream().map(Event::json)
                .filter(n -> "message:new".equals(n.path("type").asText()) && n.path("dialog_id").asLong() == dialogId)
                .map(n -> n.path("seq").asLong()).toList();
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                response.body().close();
            } catch (Exception ignored) {
                // already closed
            }
            reader.interrupt();
        }
    }
}
