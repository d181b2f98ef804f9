package io.switchboard.api.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.longpoll.DialogWakeups;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.MessageRepository;
import io.switchboard.events.MessagePayload;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * History pages and long-polls. A page holds the same messages in the same order as the socket services' catch-up
 * ({@code StoreReads.messagesAfter}), so it matches what sockets and SSE send. With {@code wait} the request holds no
 * thread while it waits: it registers a waiter first and reads second, so a message committed in between is never
 * missed.
 *
 * <p>Scrolling back is a second cursor, {@code before_seq}: the newest {@code limit} messages below it, still in seq
 * order, with {@code has_more} and {@code next_before_seq} (the first seq of the page) for the next older page. A
 * client loads the newest page with {@code before_seq = last_seq + 1}, follows live from its last seq with
 * {@code after_seq}, and pages back as the reader scrolls up. It never waits: older messages do not arrive.
 */
@ApplicationScoped
public class MessageHistory {
    /** Default and largest page. */
    public static final int DEFAULT_LIMIT = 200;
    public static final int MAX_LIMIT = 1000;

    @Inject
    MessageRepository messages;
    @Inject
    DialogRepository dialogs;
    @Inject
    DialogWakeups wakeups;
    @Inject
    SwitchboardConfig config;

    /** A history request after validation. */
    public record Query(long dialogId, long afterSeq, Long beforeSeq, int limit, Duration waitFor) {
    }

    /** Validates the query parameters of a history request: forward from {@code after_seq} or back from {@code before_seq}. */
    public Query query(long dialogId, Long afterSeq, Long beforeSeq, Integer limit, Integer waitSeconds) {
        if (beforeSeq != null) {
            if (afterSeq != null) {
                throw ApiException.validation("before_seq and after_seq cannot be combined: before_seq pages back"
                        + " through older messages, after_seq reads newer ones.");
            }
            if (waitSeconds != null) {
                throw ApiException.validation("wait applies only to after_seq: older messages do not arrive later.");
            }
            long before = Validation.id(beforeSeq, "before_seq");
            return new Query(dialogId, 0, before, Validation.range(limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
                    Duration.ZERO);
        }
        long after = Validation.nonNegative(afterSeq, "after_seq", 0);
        int lim = Validation.range(limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        if (waitSeconds != null && waitSeconds < 0) {
            throw ApiException.validation("wait must not be negative (seconds to wait for a new message, at most "
                    + config.longPoll().maxWait().toSeconds() + ").");
        }
        Duration wait = waitSeconds == null ? Duration.ZERO : Duration.ofSeconds(waitSeconds);
        if (wait.compareTo(config.longPoll().maxWait()) > 0) {
            wait = config.longPoll().maxWait();
        }
        return new Query(dialogId, after, null, lim, wait);
    }

    /** Reads now, or waits up to {@code query.waitFor()} for a message newer than {@code after_seq}. */
    public Uni<Views.MessagesPage> read(DialogRecord accessChecked, Query query) {
        if (query.waitFor().isZero()) {
            return Uni.createFrom().item(readNow(query));
        }
        return attempt(query, System.nanoTime() + query.waitFor().toNanos());
    }

    private Uni<Views.MessagesPage> attempt(Query q, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return Uni.createFrom().item(() -> readNow(q)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        DialogWakeups.Waiter waiter = wakeups.register(q.dialogId(), q.afterSeq(), Duration.ofNanos(remaining));
        Views.MessagesPage page;
        try {
            page = readNow(q);
        } catch (RuntimeException e) {
            waiter.cancel();
            throw e;
        }
        if (!page.messages().isEmpty()) {
            waiter.cancel();
            return Uni.createFrom().item(page);
        }
        return Uni.createFrom().completionStage(waiter.woken())
                .onCancellation().invoke(waiter::cancel)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(reason -> reason.isFinal()
                        ? Uni.createFrom().item(readNow(q))
                        : attempt(q, deadlineNanos));
    }

    /** One page, in seq order, with the dialog's newest seq. */
    public Views.MessagesPage readNow(Query q) {
        if (q.beforeSeq() != null) {
            return readBefore(q);
        }
        List<MessagePayload> page = messages.after(q.dialogId(), q.afterSeq(), q.limit());
        long lastSeq = dialogs.find(q.dialogId()).map(DialogRecord::lastSeq).orElse(0L);
        if (!page.isEmpty()) {
            lastSeq = Math.max(lastSeq, page.get(page.size() - 1).seq());
        }
        return new Views.MessagesPage(q.dialogId(), lastSeq, page);
    }

    /** The newest {@code limit} messages below {@code before_seq}, in seq order, and whether older ones exist. */
    private Views.MessagesPage readBefore(Query q) {
        // One row more than asked says whether an older page exists, without counting.
        List<MessagePayload> newestFirst = messages.before(q.dialogId(), q.beforeSeq(), q.limit() + 1);
        boolean hasMore = newestFirst.size() > q.limit();
        List<MessagePayload> page = new ArrayList<>(newestFirst.subList(0, Math.min(q.limit(), newestFirst.size())));
        Collections.reverse(page);
        long lastSeq = dialogs.find(q.dialogId()).map(DialogRecord::lastSeq).orElse(0L);
        Long next = hasMore ? page.get(0).seq() : null;
        return new Views.MessagesPage(q.dialogId(), lastSeq, page, hasMore, next);
    }
}
