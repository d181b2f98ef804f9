package io.switchboard.socket.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.CloseCodes;
import io.switchboard.limits.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ClientSessionTest {
    static final ClientSession.Hooks NO_HOOKS = new ClientSession.Hooks() {
        @Override
        public void written(ClientSession session, OutboundEvent event) {
        }

        @Override
        public void closing(ClientSession session, int code, String reason, boolean byServer) {
        }
    };

    /** A transport whose writes complete only when the test flushes them, like a client that stopped reading. */
    static final class StalledTransportSession extends ClientSession {
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        int closedWith;
        String closedReason;

        final List<String> writes = new ArrayList<>();
        boolean peerGone;

        StalledTransportSession(int limit, Hooks hooks) {
            this(limit, hooks, true);
        }

        StalledTransportSession(int limit, Hooks hooks, boolean connected) {
            super("s1", "test", new Admission.Admitted(new SessionIdentity("guest:g", "guest", null, "g", "guest", "user"),
                    5L, null, List.of(), null, null, d -> java.util.Optional.empty()), limit, new TokenBucket(1, 1), hooks);
            if (connected) {
                openGate();
            }
        }

        @Override
        public String transport() {
            return "ws";
        }

        @Override
        protected void write(OutboundEvent event) {
            writes.add(event == null ? "control" : event.eventId());
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            f.whenComplete((ok, e) -> written(event, e));
        }

        @Override
        protected void writeControl(String json) {
            writes.add(json);
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            f.whenComplete((ok, e) -> controlWritten(json, e));
        }

        @Override
        protected boolean transportOpen() {
            return !peerGone;
        }

        @Override
        protected CompletionStage<Void> closeTransport(int code, String reason) {
            closedWith = code;
            closedReason = reason;
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * The followed dialogs and channels are replaced whole on each change (no longer ConcurrentHashMaps): a resubscribe
     * replaces the cursor, a late cleanup of the replaced cursor must not drop its successor (the client would stop
     * getting the dialog's messages), and a snapshot taken before a change does not move under its reader.
     */
    @Test
    void followedDialogsAndChannelsKeepTheirMapSemantics() {
        StalledTransportSession s = new StalledTransportSession(10, NO_HOOKS);
        DeliveryCursor first = new DeliveryCursor(7, s, null, null, 10, 10);
        DeliveryCursor second = new DeliveryCursor(7, s, null, null, 10, 10);
        DeliveryCursor other = new DeliveryCursor(8, s, null, null, 10, 10);
        assertThat(s.putCursor(7, first)).isNull();
        assertThat(s.putCursor(8, other)).isNull();
        java.util.Map<Long, DeliveryCursor> before = s.cursors();
        assertThat(s.putCursor(7, second)).isSameAs(first);
        assertThat(s.removeCursor(7, first)).isFalse();
        assertThat(s.cursors()).containsOnlyKeys(7L, 8L).containsEntry(7L, second);
        assertThat(before).containsEntry(7L, first);
        assertThat(s.removeCursor(7, second)).isTrue();
        assertThat(s.removeCursor(8)).isSameAs(other);
        assertThat(s.removeCursor(8)).isNull();
        assertThat(s.cursors()).isEmpty();

        assertThat(s.addChannel("a")).isTrue();
        assertThat(s.addChannel("b")).isTrue();
        assertThat(s.addChannel("a")).isFalse();
        java.util.Set<String> channels = s.channels();
        assertThat(s.removeChannel("a")).isTrue();
        assertThat(s.removeChannel("a")).isFalse();
        assertThat(s.channels()).containsExactly("b");
        assertThat(channels).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aClientThatStopsReadingIsClosedWith4408NamingTheLastSeqItReceived() {
        List<String> closes = new ArrayList<>();
        StalledTransportSession s = new StalledTransportSession(3, new ClientSession.Hooks() {
            @Override
            public void written(ClientSession session, OutboundEvent event) {
            }

            @Override
            public void closing(ClientSession session, int code, String reason, boolean byServer) {
                closes.add(code + " " + reason);
            }
        });
        s.deliver(FakeFeed.event(5, 1));
        s.pending.get(0).complete(null);
        s.deliver(FakeFeed.event(5, 2));
        s.deliver(FakeFeed.event(5, 3));
        s.deliver(FakeFeed.event(5, 4));
        assertThat(s.isClosed()).isFalse();

        s.deliver(FakeFeed.event(5, 5));

        assertThat(s.closedWith).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(s.closedReason).contains("last delivered seq 1 of dialog 5");
        assertThat(s.closedReason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(closes).hasSize(1);
        s.deliver(FakeFeed.event(5, 6));
        assertThat(s.pending).as("nothing more is queued after the close").hasSize(4);
    }

    @Test
    void eventsArrivingBeforeTheConnectedFrameWaitBehindIt() {
        StalledTransportSession s = new StalledTransportSession(10, NO_HOOKS, false);
        s.deliver(FakeFeed.typing(5, "early"));
        assertThat(s.writes).isEmpty();

        s.sendControl("{\"type\":\"connected\"}");
        s.openGate();

        assertThat(s.writes).containsExactly("{\"type\":\"connected\"}", "early");
    }

    @Test
    void aFrameThatCannotBeSentOnAnOpenConnectionClosesItWith1011SoTheClientResumesInsteadOfMissingIt() {
        StalledTransportSession connectedLost = new StalledTransportSession(10, NO_HOOKS, false);
        connectedLost.sendControl("{\"type\":\"connected\"}");
        connectedLost.openGate();
        connectedLost.pending.get(0).completeExceptionally(new IllegalStateException("write failed"));
        assertThat(connectedLost.closedWith).isEqualTo(CloseCodes.SERVER_ERROR);
        assertThat(connectedLost.closedReason).isEqualTo("a frame could not be sent; reconnect with after_seq");

        StalledTransportSession messageLost = new StalledTransportSession(10, NO_HOOKS);
        messageLost.deliver(FakeFeed.event(5, 1));
        messageLost.pending.get(0).completeExceptionally(new IllegalStateException("write failed"));
        assertThat(messageLost.closedWith).isEqualTo(CloseCodes.SERVER_ERROR);
        assertThat(messageLost.queuedBytes()).as("the failed frame no longer counts as queued").isZero();

        StalledTransportSession peerLeft = new StalledTransportSession(10, NO_HOOKS);
        peerLeft.deliver(FakeFeed.event(5, 1));
        peerLeft.peerGone = true;
        peerLeft.pending.get(0).completeExceptionally(new IllegalStateException("connection reset"));
        assertThat(peerLeft.isClosed()).as("the peer's departure is reported by the transport, not a server error")
                .isFalse();
    }

    @Test
    void theSameNonSequencedEventArrivingOnTwoChannelsIsShownOnce() {
        StalledTransportSession s = new StalledTransportSession(10, NO_HOOKS);
        OutboundEvent update = FakeFeed.typing(5, "same-id");
        s.deliver(update);
        s.deliver(update);

        assertThat(s.pending).hasSize(1);
    }
}
