package io.switchboard.socket.core;

import io.quarkus.logging.Log;
import io.switchboard.events.CloseCodes;
import io.switchboard.limits.TokenBucket;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * One client connection, WebSocket or SSE: what it follows, what it was sent, and a bounded
 * outbound queue. A frame counts against the queue from the moment it is handed to the transport
 * until the transport has flushed it to the network; a client that stops reading fills the queue
 * and is closed with 4408 naming the last seq it received, instead of making the server buffer
 * without limit. Its bytes also count against the node-wide {@link OutboundBudget}.
 */
public abstract class ClientSession implements DeliveryCursor.Sink {
    private static final Duration CAPACITY_WAIT = Duration.ofSeconds(30);
    private static final Runnable NO_DETACH_ACTIONS = () -> {
    };
    private static final VarHandle CLOSED;
    private static final VarHandle EVENTS_SENT;
    private static final VarHandle CURSORS;
    private static final VarHandle CHANNELS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(ClientSession.class, "closed", boolean.class);
            EVENTS_SENT = lookup.findVarHandle(ClientSession.class, "eventsSent", long.class);
            CURSORS = lookup.findVarHandle(ClientSession.class, "cursors", Map.class);
            CHANNELS = lookup.findVarHandle(ClientSession.class, "channels", Set.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the session reports to the core that owns it. */
    public interface Hooks {
        /** A frame reached the network. */
        void written(ClientSession session, OutboundEvent event);

        /** The session is closing (by the server with a code, or by the peer); detach it everywhere. */
        void closing(ClientSession session, int code, String reason, boolean byServer);

        /** The node-wide bound the session's queued bytes count against; null: none (unit tests). */
        default OutboundBudget budget() {
            return null;
        }
    }

    private final String id;
    private final String endpoint;
    private final Admission.Admitted admission;
    /** Kept as epoch millis, not an {@link Instant}: one object less per connection. */
    private final long openedAtMillis = System.currentTimeMillis();
    private final Hooks hooks;
    private final TokenBucket inboundFrames;
    private final OutboundQueue outbound;
    private final FlushedSeqs flushed = new FlushedSeqs();
    private final RecentEventIds recentEventIds = new RecentEventIds();
    // closed and eventsSent are plain volatile fields changed through VarHandles instead of an AtomicBoolean and an
    // AtomicLong: two objects (40 bytes) less per connection, same atomicity (docs/performance.md, "Idle connections").
    private volatile boolean closed;
    private volatile long eventsSent;
    // The followed dialogs and channels are immutable collections replaced whole on a change (copy on write, a
    // compare-and-set through the VarHandles) instead of two ConcurrentHashMaps: a session follows one dialog or a
    // few channels and changes them rarely, and Map.of(k, v) / Set.of() cost 24 bytes or nothing where the maps
    // cost ~290 bytes per idle socket (docs/performance.md, "Who holds an idle socket's heap"). A change copies the
    // whole map, so a socket that follows n dialogs pays O(n) per subscribe: nothing next to the catch-up read each
    // subscribe makes, up to thousands of dialogs on one socket.
    private volatile Map<Long, DeliveryCursor> cursors = Map.of();
    private volatile Set<String> channels = Set.of();
    private volatile long overBudgetLimit = -1;
    private final Object gate = new Object();
    /** Events held until {@link #openGate}; null once open (volatile: a delivery after that takes no lock). */
    private volatile List<OutboundEvent> beforeConnected = new ArrayList<>();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile Runnable onDetach = NO_DETACH_ACTIONS;
    private volatile int closeCode;
    private volatile String closeReason;
    private volatile long reconnectHintMillis = -1;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile String clientAddress;
    private volatile NotificationCursor notificationCursor;
    private volatile DialogAccess access;

    protected ClientSession(String id, String endpoint, Admission.Admitted admission, int outboundLimit,
                            TokenBucket inboundFrames, Hooks hooks) {
        this.id = id;
        this.endpoint = endpoint;
        this.admission = admission;
        this.inboundFrames = inboundFrames;
        this.hooks = hooks;
        this.outbound = new OutboundQueue(outboundLimit, hooks.budget());
    }

    /** {@code ws} or {@code sse}. */
    public abstract String transport();

    /** The client's address key for per-address limits, or null when unknown. */
    public String clientAddress() {
        return clientAddress;
    }

    /** Set once by the transport when the session is created. */
    public void clientAddress(String key) {
        this.clientAddress = key;
    }

    /**
     * Hands one event, in this transport's wire form, to the network without waiting; the transport calls
     * {@link #written(OutboundEvent, Throwable)} once the frame was flushed or failed.
     */
    protected abstract void write(OutboundEvent event);

    /**
     * Hands a control frame ({@code connected}, {@code subscribed}, {@code pong}, {@code error}) to the network;
     * the transport calls {@link #controlWritten(String, Throwable)} once flushed or failed. SSE sends them as
     * comments.
     */
    protected abstract void writeControl(String json);

    /**
     * False once the transport knows the peer is gone, before it reported the close: a write failing then is the
     * departure itself, not news. Transports that cannot tell answer true.
     */
    protected boolean transportOpen() {
        return true;
    }

    /** Ends the connection with a code and reason (SSE ends the stream); completes when that reached the network. */
    protected abstract CompletionStage<Void> closeTransport(int code, String reason);

    @Override
    public void deliver(OutboundEvent event) {
        if (closed) {
            return;
        }
        if (!event.sequenced() && event.eventId() != null && recentEventIds.seen(event.eventId())) {
            return;
        }
        if (beforeConnected != null) {
            synchronized (gate) {
                List<OutboundEvent> held = beforeConnected;
                if (held != null) {
                    held.add(event);
                    if (held.size() > outbound.frameLimit()) {
                        beforeConnected = List.of();
                        closeSlowConsumer();
                    }
                    return;
                }
            }
        }
        writeEvent(event);
    }

    /**
     * Called once the {@code connected} frame is on its way: events that arrived while the session's
     * subscriptions were being confirmed go out now, so {@code connected} is always the first frame.
     */
    public void openGate() {
        List<OutboundEvent> held;
        synchronized (gate) {
            held = beforeConnected;
            beforeConnected = null;
        }
        if (held != null) {
            held.forEach(this::writeEvent);
        }
    }

    private void writeEvent(OutboundEvent event) {
        if (closed || !reserve(event.queuedBytes())) {
            return;
        }
        write(event);
    }

    /**
     * The transport flushed an event handed to {@link #write} ({@code failure} null) or could not. Any thread.
     */
    protected final void written(OutboundEvent event, Throwable failure) {
        outbound.release(event.queuedBytes());
        if (failure == null) {
            if (event.sequenced()) {
                flushed.flushed(event.dialogId(), event.seq());
            }
            EVENTS_SENT.getAndAdd(this, 1L);
            hooks.written(this, event);
        } else {
            writeFailed(event.sequenced() ? "seq " + event.seq() + " of dialog " + event.dialogId() : "an event",
                    failure);
        }
    }

    /**
     * The transport flushed a control frame handed to {@link #writeControl} ({@code failure} null) or could not.
     * Any thread.
     */
    protected final void controlWritten(String json, Throwable failure) {
        outbound.release(controlBytes(json));
        if (failure != null) {
            writeFailed("a control frame", failure);
        }
    }

    /**
     * A frame did not reach a connection that is still open: the client would silently miss it (a {@code connected},
     * a message), so the failure is logged and the connection closed with 1011, after which the client resumes
     * with {@code after_seq} and misses nothing. After the peer left it is only the departure, logged at DEBUG.
     */
    private void writeFailed(String what, Throwable failure) {
        if (closed || !transportOpen()) {
            Log.debugf("connection %s: %s was not sent, the connection is gone (%s)", id, what, failure.toString());
            return;
        }
        Log.warnf("connection %s endpoint=%s: %s could not be sent (%s); closing with %d so the client resumes",
                id, endpoint, what, failure.toString(), CloseCodes.SERVER_ERROR);
        close(CloseCodes.SERVER_ERROR, "a frame could not be sent; reconnect with after_seq");
    }

    /** Sends a control frame through the same bounded queue as events. */
    public void sendControl(String json) {
        if (closed || !reserve(controlBytes(json))) {
            return;
        }
        writeControl(json);
    }

    private static long controlBytes(String json) {
        return Utf8.length(json) + OutboundBudget.FRAME_OVERHEAD_BYTES;
    }

    @Override
    public boolean awaitCapacity() {
        try {
            if (!outbound.awaitRoom(CAPACITY_WAIT, () -> closed)) {
                closeSlowConsumer();
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !closed;
    }

    @Override
    public void heldOverflow(long dialogId, long lastDelivered) {
        closeSlowConsumer();
    }

    /** Closes the connection from the server side, once; later calls do nothing. */
    public final void close(int code, String reason) {
        String fitted = CloseCodes.fitReason(reason);
        if (markClosed(code, fitted, true)) {
            try {
                closeTransport(code, fitted).whenComplete((ok, failure) -> ended.complete(null));
            } catch (RuntimeException e) {
                ended.complete(null);
                throw e;
            }
        }
    }

    /** The peer or the network ended the connection. */
    public final void transportClosed(int code, String reason) {
        markClosed(code, reason, false);
        ended.complete(null);
    }

    /** The first close of either side wins: records it, stops the writer and tells the hooks; false for a later one. */
    private boolean markClosed(int code, String reason, boolean byServer) {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return false;
        }
        closeCode = code;
        closeReason = reason;
        outbound.leave();
        outbound.wake();
        hooks.closing(this, code, reason, byServer);
        return true;
    }

    /**
     * Completes once the connection is over on the network side: the server's close went out (close frame
     * or end of stream), or the peer left. A drain waits for it before the process exits.
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Closes with 4408 and the last seq each followed dialog reached the network with. */
    public void closeSlowConsumer() {
        close(CloseCodes.SLOW_CONSUMER, slowConsumerReason());
    }

    /** Closes with 4408: the node's outbound budget is used up and this connection's queue is among the largest. */
    void closeOverNodeBudget(long limit) {
        overBudgetLimit = limit;
        closeSlowConsumer();
    }

    String slowConsumerReason() {
        String seqs = flushed.describe();
        if (seqs.isEmpty()) {
            Long dialog = admission.dialogId();
            seqs = dialog == null ? "no seq" : "no seq of dialog " + dialog;
        }
        String why = overBudgetLimit > 0
                ? "server send buffer full (" + (overBudgetLimit >> 20) + " MB), " + outbound.bytes() / 1024 + " KB queued here"
                : "over " + outbound.frameLimit() + " frames queued";
        return "slow consumer: " + why + "; last delivered " + seqs;
    }

    private boolean reserve(long bytes) {
        if (!outbound.reserve(bytes)) {
            closeSlowConsumer();
            return false;
        }
        return true;
    }

    /** Takes one inbound-frame token; false when the client floods. */
    public boolean allowInboundFrame() {
        return inboundFrames.tryTake();
    }

    /** Records a sign of life (a pong or any frame). */
    public void seen() {
        lastSeenNanos = System.nanoTime();
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    public String id() {
        return id;
    }

    public String endpoint() {
        return endpoint;
    }

    public Admission.Admitted admission() {
        return admission;
    }

    public SessionIdentity identity() {
        return admission.identity();
    }

    public Instant openedAt() {
        return Instant.ofEpochMilli(openedAtMillis);
    }

    public boolean isClosed() {
        return closed;
    }

    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public long eventsSent() {
        return eventsSent;
    }

    /** Bytes handed to the transport and not yet flushed (payload plus a fixed per-frame overhead). */
    public long queuedBytes() {
        return outbound.bytes();
    }

    /** Sets how long the client should wait before reconnecting (shutdown spread); SSE sends it as {@code retry:}. */
    public void reconnectHintMillis(long millis) {
        reconnectHintMillis = millis;
    }

    /** The reconnect delay hint, or -1. */
    public long reconnectHintMillis() {
        return reconnectHintMillis;
    }

    /** The session's place in its user's notifications, or null when it follows none. */
    public NotificationCursor notificationCursor() {
        return notificationCursor;
    }

    public void notificationCursor(NotificationCursor cursor) {
        this.notificationCursor = cursor;
    }

    /** Who may subscribe to which dialog by frame: the admission's rule until the followed assistants change. */
    public DialogAccess access() {
        DialogAccess a = access;
        return a != null ? a : admission.access();
    }

    public void access(DialogAccess access) {
        this.access = access;
    }

    /** The dialogs this session follows and their cursors: an immutable snapshot. */
    public Map<Long, DeliveryCursor> cursors() {
        return cursors;
    }

    /** Follows a dialog with {@code cursor}; returns the cursor it replaced, or null. */
    public DeliveryCursor putCursor(long dialogId, DeliveryCursor cursor) {
        while (true) {
            Map<Long, DeliveryCursor> now = cursors;
            if (CURSORS.compareAndSet(this, now, with(now, dialogId, cursor))) {
                return now.get(dialogId);
            }
        }
    }

    /** Stops following a dialog; returns the cursor it had, or null. */
    public DeliveryCursor removeCursor(long dialogId) {
        while (true) {
            Map<Long, DeliveryCursor> now = cursors;
            DeliveryCursor had = now.get(dialogId);
            if (had == null || CURSORS.compareAndSet(this, now, without(now, dialogId))) {
                return had;
            }
        }
    }

    /** Stops following a dialog if {@code cursor} is still the one following it. */
    public boolean removeCursor(long dialogId, DeliveryCursor cursor) {
        while (true) {
            Map<Long, DeliveryCursor> now = cursors;
            if (now.get(dialogId) != cursor) {
                return false;
            }
            if (CURSORS.compareAndSet(this, now, without(now, dialogId))) {
                return true;
            }
        }
    }

    /** The plain channels (assistant lists, notifications) this session follows: an immutable snapshot. */
    public Set<String> channels() {
        return channels;
    }

    /** Follows a plain channel; false when it already did. */
    public boolean addChannel(String channel) {
        while (true) {
            Set<String> now = channels;
            if (now.contains(channel)) {
                return false;
            }
            Set<String> next;
            if (now.isEmpty()) {
                next = Set.of(channel);
            } else {
                Set<String> copy = new HashSet<>(now);
                copy.add(channel);
                next = Set.copyOf(copy);
            }
            if (CHANNELS.compareAndSet(this, now, next)) {
                return true;
            }
        }
    }

    /** Stops following a plain channel; false when it did not follow it. */
    public boolean removeChannel(String channel) {
        while (true) {
            Set<String> now = channels;
            if (!now.contains(channel)) {
                return false;
            }
            Set<String> copy = new HashSet<>(now);
            copy.remove(channel);
            if (CHANNELS.compareAndSet(this, now, Set.copyOf(copy))) {
                return true;
            }
        }
    }

    private static Map<Long, DeliveryCursor> with(Map<Long, DeliveryCursor> map, long key, DeliveryCursor value) {
        if (map.isEmpty() || map.size() == 1 && map.containsKey(key)) {
            return Map.of(key, value);
        }
        Map<Long, DeliveryCursor> copy = new HashMap<>(map);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    private static Map<Long, DeliveryCursor> without(Map<Long, DeliveryCursor> map, long key) {
        Map<Long, DeliveryCursor> copy = new HashMap<>(map);
        copy.remove(key);
        return Map.copyOf(copy);
    }

    /** Something to run when the session is detached (timers to cancel). */
    public void onDetach(Runnable action) {
        Runnable previous = onDetach;
        onDetach = () -> {
            previous.run();
            action.run();
        };
    }

    Runnable detachActions() {
        return onDetach;
    }
}
