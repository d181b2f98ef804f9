package io.switchboard.api.demobot;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.auth.TokenIssuer;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.AssistantRepository;
import io.switchboard.api.repository.AssistantRow;
import io.switchboard.api.service.DevSeed;
import io.switchboard.api.webhook.WebhookEndpoint;
import io.switchboard.api.webhook.WebhookKinds;
import io.switchboard.events.WebhookSignature;
import io.switchboard.events.EventCodec;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local run's demo bot ({@code switchboard.demo-bot.enabled}, on in {@code %dev} only). It is an ordinary
 * webhook receiver that happens to live in this process: at start it subscribes the seed's "Demo assistant" to
 * {@code <self-url>/dev/demo-bot/webhook} (a fresh secret each start, kept in memory), verifies the signature of
 * every delivery, and answers over HTTP with the assistant's token on {@code POST /api/dialogs/{id}/messages},
 * showing typing first; when the guest asks for a person it calls {@code POST /api/dialogs/{id}/handoff}.
 */
@ApplicationScoped
public class DemoBot {
    static final String PATH = "/dev/demo-bot/webhook";
    /** Signatures older than this are refused (replays). */
    private static final long TOLERANCE_SECONDS = 300;

    @Inject
    SwitchboardConfig config;
    @Inject
    AssistantRepository assistants;
    @Inject
    TokenIssuer tokens;

    /**
     * Made when the bot subscribes, not with the bean: building a JDK HttpClient initialises TLS (about 0.2 s of CPU on
     * the start's critical path, async-profiler), and the bean exists in every profile while the bot runs only in dev.
     */
    private volatile HttpClient http;
    /** Dialogs the bot must stay out of: handed over or held by an operator (from the deliveries themselves). */
    private final Map<Long, String> quiet = new ConcurrentHashMap<>();
    private volatile String secret;
    private volatile String token;

    /** Runs after {@link DevSeed} created the demo assistant. */
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent ev,
                 DemoBot self) {
        if (config.demoBot().enabled() && config.seed().enabled()) {
            self.subscribe();
        }
    }

    public boolean enabled() {
        return secret != null;
    }

    @Transactional
    public void subscribe() {
        AssistantRow demo = assistants.findByName(DevSeed.DEMO_ASSISTANT).orElseThrow();
        String url = config.demoBot().selfUrl() + PATH;
        WebhookEndpoint e = WebhookEndpoint.<WebhookEndpoint>find("assistantId = ?1 and url = ?2", demo.id(), url)
                .firstResultOptional().orElseGet(WebhookEndpoint::new);
        e.assistantId = demo.id();
        e.url = url;
        e.events = WebhookKinds.ALL.toArray(String[]::new);
        e.enabled = true;
        e.secret = WebhookSignature.newSecret();
        if (e.createdAt == null) {
            e.createdAt = Instant.now();
        }
        e.updatedAt = Instant.now();
        e.persist();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        secret = e.secret;
        token = tokens.forAssistant(demo).token();
        Log.infof("Demo bot answers the \"%s\" assistant through its webhook %s", DevSeed.DEMO_ASSISTANT, url);
        // The first exchange of a JVM pays for class loading and connection set-up of the bot's HTTP client (about
        // 2 s here): warm it once the server listens, so the first visitor of the local run is answered in time.
        CompletableFuture.delayedExecutor(2, java.util.concurrent.TimeUnit.SECONDS).execute(() ->
                http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header(WebhookSignature.HEADER, "t=0,v1=warm-up").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()));
    }

    /** A delivery arrived: false if its signature does not verify (the receiver answers 401). */
    boolean receive(String signature, String kind, String body) {
        String s = secret;
        if (s == null || !WebhookSignature.verify(s, signature, body, Instant.now().getEpochSecond(), TOLERANCE_SECONDS)) {
            return false;
        }
        JsonNode event;
        try {
            event = EventCodec.mapper().readTree(body);
        } catch (java.io.IOException e) {
            return true; // signed by us but not JSON: nothing to answer
        }
        long dialogId = event.path("dialog_id").asLong();
        switch (kind == null ? "" : kind) {
            case WebhookKinds.HANDOFF_REQUESTED, WebhookKinds.OPERATOR_TOOK_OVER -> quiet.put(dialogId, kind);
            case WebhookKinds.OPERATOR_RELEASED, WebhookKinds.DIALOG_CLOSED -> quiet.remove(dialogId);
            case WebhookKinds.GUEST_MESSAGE -> {
                if (!quiet.containsKey(dialogId)) {
                    answer(dialogId, event.path("message").path("text").asText(""));
                }
            }
            default -> {
            }
        }
        return true;
    }

    /** Typing, the answer, and the handoff if asked: in that order, off the request that delivered the event. */
    private void answer(long dialogId, String guestText) {
        DemoBotReplies.Reply reply = DemoBotReplies.to(guestText);
        String base = config.demoBot().selfUrl() + "/api/dialogs/" + dialogId;
        if (reply.handoff()) {
            quiet.put(dialogId, WebhookKinds.HANDOFF_REQUESTED);
        }
        call(base + "/typing", "{\"state\":true}")
                .thenCompose(r -> call(base + "/messages", EventCodec.write(Map.of("text", reply.text()))))
                .thenCompose(r -> reply.handoff() ? call(base + "/handoff", "{}") : CompletableFuture.completedFuture(r))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        Log.warnf("Demo bot could not answer dialog %d: %s", dialogId, e.getMessage());
                    } else if (r.statusCode() >= 300) {
                        Log.infof("Demo bot's call for dialog %d answered %d: %s", dialogId, r.statusCode(), r.body());
                    }
                });
    }

    private CompletableFuture<HttpResponse<String>> call(String url, String json) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }
}
