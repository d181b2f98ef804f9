package io.switchboard.socket.redis;

import io.quarkus.logging.Log;
import io.switchboard.events.Channels;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MalformedEventException;
import io.switchboard.socket.core.ChannelFanout;
import io.switchboard.socket.core.DeliveryScheduler;
import io.switchboard.socket.core.DialogFanout;
import io.switchboard.socket.core.OutboundEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Routes each Redis message once: decoded once to learn its type and seq, then handed, as the
 * same raw JSON string, to the dialog's ordered stream or to the sessions of a plain channel.
 * Runs on the subscriber's event loop: nothing here blocks.
 */
@ApplicationScoped
public class EventRouter {
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

    /** One message from a subscribed channel. */
    public void onMessage(String channel, String payload) {
        Optional<Channels.Parsed> parsed = channels.parse(channel);
        if (parsed.isEmpty()) {
            return;
        }
        Envelope envelope;
        try {
            envelope = EventCodec.decode(payload);
        } catch (MalformedEventException e) {
            Log.warnf("dropped a malformed event on %s: %s", channel, e.getMessage());
            return;
        }
        OutboundEvent event = OutboundEvent.received(envelope, payload);
        if (parsed.get().kind() == Channels.Kind.DIALOG) {
            dialogs.onLive(parsed.get().id(), event);
        } else {
            plainChannels.deliver(channel, event);
        }
    }

    /**
     * The subscriber came back after a disconnect: every followed dialog's messages are repaired from
     * PostgreSQL, then the dialog-list and notification events missed since {@code missedSince} are
     * rebuilt from PostgreSQL too (on a worker).
     */
    public void onResubscribed(Instant missedSince) {
        scheduler.runBlocking(() -> {
            dialogs.repairAll("redis-reconnect");
            missedEvents.repair(missedSince);
        });
    }
}
