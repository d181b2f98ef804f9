package io.switchboard.api.publish;

import io.quarkus.logging.Log;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.events.Channels;
import io.switchboard.events.Revocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Tells every socket node that a credential or an access right was revoked, after the change is committed in
 * PostgreSQL (which already refuses the credential on REST). Pub/sub is at most once: when Redis is down the
 * message is lost, and the socket nodes' periodic recheck ({@code switchboard.connections.revocation-recheck},
 * 30 s) closes the sessions instead.
 */
@ApplicationScoped
public class RevocationPublisher {
    @Inject
    RedisPublisher redis;
    @Inject
    SwitchboardConfig config;
    @Inject
    AfterCommit afterCommit;

    private volatile Channels channels;

    /** {@link #revoke} once the current transaction, which made the change, has committed. */
    public void revokeOnCommit(String subject, int code, String reason) {
        afterCommit.run(() -> revoke(subject, code, reason));
    }

    /** Publishes without waiting; a failure is logged and left to the recheck. */
    public void revoke(String subject, int code, String reason) {
        Revocation r = new Revocation(subject, code, reason);
        try {
            redis.publish(channels().revocations(), r.encode()).onFailure(e -> Log.warnf(
                    "revocation of %s not published (%s); socket nodes close its sessions at their next recheck",
                    subject, e.toString()));
        } catch (RuntimeException e) {
            Log.warnf("revocation of %s not published (%s); socket nodes close its sessions at their next recheck",
                    subject, e.toString());
        }
    }

    private Channels channels() {
        Channels c = channels;
        if (c == null) {
            c = new Channels(config.channels().wsPrefix(), config.channels().notificationsPrefix());
            channels = c;
        }
        return c;
    }
}
