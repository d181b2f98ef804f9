package io.switchboard.socket.testkit;

import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.events.Channels;
import io.switchboard.events.Envelope;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MessagePayload;

/** Publishes into the real Redis exactly as message-api and backend workers do. */
public final class TestRedis {
    public static final Channels CHANNELS = Channels.defaults();

    private TestRedis() {
    }

    static RedisDataSource redis() {
        return Arc.container().instance(RedisDataSource.class).get();
    }

    /** Publishes raw text on a channel. */
    public static void publish(String channel, String json) {
        redis().pubsub(String.class).publish(channel, json);
    }

    /** Publishes an envelope on each channel. */
    public static void publish(Envelope envelope, String... channels) {
        String json = EventCodec.encode(envelope);
        for (String c : channels) {
            publish(c, json);
        }
    }

    /** {@code message:new} on {@code ws:dialog:{id}} (and nothing else), as message-api does after commit. */
    public static void messageNew(long assistantId, MessagePayload message) {
        publish(Envelope.messageNew(assistantId, message), CHANNELS.dialog(message.dialogId()));
    }

    /** Stores a one-time socket ticket the way message-api's {@code POST /api/ws-ticket} does. */
    public static void ticket(String ticket, String json) {
        redis().value(String.class).setex(Channels.DEFAULT_WS_PREFIX + "ticket:" + ticket, 30, json);
    }
}
