package io.switchboard.socket.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.quarkus.logging.Log;
import io.switchboard.events.Channels;
import io.switchboard.events.MalformedEventException;
import io.switchboard.socket.core.ChannelFanout;
import io.switchboard.socket.core.DeliveryScheduler;
import io.switchboard.socket.core.DialogFanout;
import io.switchboard.socket.core.OutboundEvent;
import io.switchboard.socket.core.Revocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Routes each Redis message once: its routing fields read once to learn its type and seq, then handed, as the
 * same raw JSON string, to the dialog's ordered stream or to the sessions of a plain channel.
 * Runs on the subscriber's event loop: nothing here blocks.
 */
@ApplicationScoped
public class EventRouter {
    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    Channels channels;

    @Inject
    DialogFanout dialogs;

    @Inject
    ChannelFanout plainChannels;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    MissedEventRepair missedEvents;

    @Inject
    Revocations revocations;

    /** One message from a subscribed channel. */
    public void onMessage(String channel, String payload) {
        if (channels.revocations().equals(channel)) {
            revocations.onMessage(payload);
            return;
        }
        Optional<Channels.Parsed> parsed = channels.parse(channel);
        if (parsed.isEmpty()) {
            return;
        }
        OutboundEvent event;
        try {
            event = routingFields(payload);
        } catch (MalformedEventException e) {
            Log.warnf("dropped a malformed event on %s: %s", channel, e.getMessage());
            return;
        }
        if (parsed.get().kind() == Channels.Kind.DIALOG) {
            dialogs.onLive(parsed.get().id(), event);
        } else {
            plainChannels.deliver(channel, event);
        }
    }

    /**
     * Reads only what routing needs ({@code type}, {@code dialog_id}, {@code seq}, {@code event_id},
     * {@code ts}) in one streaming pass and skips the rest: binding the whole envelope (payload records,
     * java.time) for every event was the largest single cost of the socket services under chat load, and
     * clients get the raw text anyway, so fields and types this version does not know pass through untouched.
     */
    static OutboundEvent routingFields(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new MalformedEventException("event is empty");
        }
        String type = null;
        Long dialogId = null;
        Long seq = null;
        String eventId = null;
        String ts = null;
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEventException("event must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "dialog_id" -> dialogId = number(p, value, field);
                    case "seq" -> seq = number(p, value, field);
                    case "event_id" -> eventId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "ts" -> ts = value == JsonToken.VALUE_STRING || value.isNumeric() ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedEventException("event is not one JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedEventException("event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new MalformedEventException("event is not valid JSON: " + e.getMessage(), e);
        }
        if (type == null || type.isBlank()) {
            throw new MalformedEventException("event has no \"type\" string");
        }
        return OutboundEvent.routed(type, dialogId, seq, eventId, ts, payload);
    }

    private static Long number(JsonParser p, JsonToken value, String field) throws java.io.IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedEventException("event field \"" + field + "\" must be an integer");
        }
        return p.getLongValue();
    }

    /**
     * The subscriber came back after a disconnect: every followed dialog's messages are repaired from
     * PostgreSQL, then the dialog-list and notification events missed since {@code missedSince} are
     * rebuilt from PostgreSQL too (on a worker), and every open session's credentials are rechecked, since a
     * revocation published meanwhile is lost as well.
     */
    public void onResubscribed(Instant missedSince) {
        revocations.recheckSoon();
        scheduler.runBlocking(() -> {
            dialogs.repairAll("redis-reconnect");
            missedEvents.repair(missedSince);
        });
    }
}
