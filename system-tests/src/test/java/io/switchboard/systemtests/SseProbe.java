package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** An SSE client that records raw lines and parsed events, like a browser's EventSource. */
final class SseProbe implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One dispatched event. */
    record Event(String id, String event, JsonNode data) {
    }

    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    volatile HttpResponse<Stream<String>> response;
    private final CompletableFuture<Void> reading;

    private SseProbe(String url, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        Api.pageOrigin(url).ifPresent(o -> b.header("Origin", o));
        reading = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            response = r;
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) r.body()::iterator) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        try {
                            events.add(new Event(id, event, Api.JSON.readTree(data.toString())));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        });
    }

    static SseProbe open(String url) {
        return new SseProbe(url, null);
    }

    static SseProbe open(String url, String lastEventId) {
        return new SseProbe(url, lastEventId);
    }

    /** True once the stream ended (the server closed it, or the connection broke). */
    boolean ended() {
        return reading.isDone();
    }

    /** The seqs of the {@code message:new} events, in arrival order. */
    List<Long> seqs() {
        return events.stream().filter(e -> "message:new".equals(e.data().path("type").asText()))
                .map(e -> e.data().path("seq").asLong()).toList();
    }

    @Override
    public void close() {
        reading.cancel(true);
        if (response != null) {
            response.body().close();
        }
    }
}
