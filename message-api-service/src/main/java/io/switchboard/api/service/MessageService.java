package io.switchboard.api.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.repository.MessageRepository;
import io.switchboard.api.repository.WriteAccess;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Posting messages: input rules, who the sender is, and the repeat of a {@code client_msg_id}. */
@ApplicationScoped
public class MessageService {
    /** Longest message text, in characters (the schema's limit). */
    public static final int MAX_TEXT = 4000;
    private static final String CLIENT_MSG_ID_UNIQUE = "messages_dialog_client_msg_uk";
    /** Longest {@code client_msg_id}. */
    public static final int MAX_CLIENT_MSG_ID = 100;

    /** Counters by outcome and sender, looked up once instead of per post. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    MessageAppender appender;
    @Inject
    GroupCommit groupCommit;
    @Inject
    MessageRepository messages;
    @Inject
    DialogAccess access;
    @Inject
    AbuseLimits limits;
    @Inject
    SwitchboardConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    Validator validator;

    /** The body of a message post; a text longer than {@link #MAX_TEXT} is 413 {@code text_too_long}, not 400. */
    public record NewMessage(@NotBlank(message = "text is required and must not be empty.") String text,
                             @BodyConstraints.MaxCharacters(value = MAX_CLIENT_MSG_ID, message = "client_msg_id must be at most "
                                     + MAX_CLIENT_MSG_ID + " characters long.") String clientMsgId) {
    }

    /**
     * An operator's reply, or an assistant token's answer ({@code sender: assistant}), answered once stored. The
     * checks run on the calling thread and read only the caller's token, so the REST endpoint runs them on the event
     * loop; whatever needs the database beyond the post's own statement runs on {@code worker}.
     *
     * @param worker runs the full path (a refusal's reason, a repeat, a batch that rolled back) on a worker thread
     *               with the request's context ({@link io.switchboard.api.rest.RequestWorker})
     */
    public CompletionStage<Views.Posted> postAsStaff(Caller caller, long dialogId, NewMessage body, Executor worker) {
        NewMessage m = validate(body);
        String sender = caller.isAssistant() ? Senders.ASSISTANT : Senders.OPERATOR;
        String reader = caller.isAssistant() ? null : caller.reader();
        Long holder = caller.isAssistant() ? null : caller.userId();
        WriteAccess rule = caller.isAssistant() ? WriteAccess.assistant(caller.assistantId())
                : caller.isAdmin() ? WriteAccess.holder(holder) : WriteAccess.member(holder);
        // Not written: the access check and the full path say why (404, 403, 409) or answer the repeat.
        Draft d = new Draft(dialogId, rule, sender, caller.displayName(), m, reader, holder,
                () -> access.forStaff(caller, dialogId));
        return store(d, worker);
    }

    /**
     * A guest's message ({@code sender: user}). Whether the dialog is the guest's is checked by the write itself;
     * every answer that is not a stored message checks it first, so a stranger learns nothing but 403. Blocks until
     * stored: for callers on a thread of their own (an e-mail reply); the REST endpoint uses
     * {@link #postAsGuest(long, GuestCredentialRecord, NewMessage, Executor)}.
     */
    public Views.Posted postAsGuest(long dialogId, GuestCredentialRecord guest, NewMessage body) {
        Draft d = guestDraft(dialogId, guest, body);
        GroupCommit.Outcome batched = groupCommit.enabled() ? groupCommit.append(d.post()) : GroupCommit.Outcome.ALONE;
        return batched.posted() != null ? counted(batched.posted(), d.sender()) : finish(d, batched);
    }

    /**
     * {@link #postAsGuest(long, GuestCredentialRecord, NewMessage)} without waiting: the answer completes when the
     * post's batch has committed; the checks run on the calling thread (a worker: the credential and the limits may
     * ask PostgreSQL and Redis), the full path, when needed, on {@code worker}.
     */
    public CompletionStage<Views.Posted> postAsGuest(long dialogId, GuestCredentialRecord guest, NewMessage body,
                                                     Executor worker) {
        return store(guestDraft(dialogId, guest, body), worker);
    }

    /**
     * A guest's post whose credential was proven from memory ({@link DialogAccess#widgetGuestInMemory}), checked on
     * the calling thread, the event loop, without a worker: the body and the per-assistant limit through the
     * non-blocking limiter; then queued for its batch, whose statement spends the dialog's guest budget. Whatever
     * needs PostgreSQL (every refusal first checks that the dialog is the guest's, so a stranger hears 403) or a
     * blocking limiter call runs on {@code worker}, the same code as
     * {@link #postAsGuest(long, GuestCredentialRecord, NewMessage, Executor)} with the same answers. Before, every
     * guest post hopped to a worker thread for these checks.
     */
    public CompletionStage<Views.Posted> postAsKnownGuest(long dialogId, GuestCredentialRecord guest, NewMessage body,
                                                          Executor worker) {
        NewMessage m;
        try {
            m = validate(body);
        } catch (RuntimeException e) {
            return onWorker(dialogId, guest, body, worker);
        }
        Draft d = checkedGuestDraft(dialogId, guest, m);
        return limits.forAssistantLater(AbuseLimits.Kind.GUEST_POST, guest.assistantId()).thenCompose(v -> v.allowed()
                ? store(d, worker)
                : CompletableFuture.supplyAsync(() -> {
                    access.forGuest(guest, dialogId);
                    throw AbuseLimits.refusal(AbuseLimits.Kind.GUEST_POST, v);
                }, worker));
    }

    /** The checks of a guest's post on a worker thread, then its queueing: the path every guest post took before. */
    private CompletionStage<Views.Posted> onWorker(long dialogId, GuestCredentialRecord guest, NewMessage body,
                                                   Executor worker) {
        return CompletableFuture.supplyAsync(() -> guestDraft(dialogId, guest, body), worker)
                .thenCompose(d -> store(d, worker));
    }

    private Draft guestDraft(long dialogId, GuestCredentialRecord guest, NewMessage body) {
        long assistantId = guest.assistantId();
        NewMessage m;
        try {
            m = validate(body);
        } catch (ApiException | ConstraintViolationException e) {
            access.forGuest(guest, dialogId);
            throw e;
        }
        try {
            limits.forAssistant(AbuseLimits.Kind.GUEST_POST, assistantId);
        } catch (ApiException e) {
            access.forGuest(guest, dialogId);
            throw e;
        }
        return checkedGuestDraft(dialogId, guest, m);
    }

    /** A guest's post whose checks passed; its write checks that the dialog is the guest's. */
    private Draft checkedGuestDraft(long dialogId, GuestCredentialRecord guest, NewMessage m) {
        return new Draft(dialogId, WriteAccess.guest(guest.assistantId(), guest.guestId()), Senders.USER, null, m,
                StoreWrites.GUEST_READER, null, () -> access.forGuest(guest, dialogId));
    }

    /**
     * A post whose input passed its checks, on its way to the store.
     *
     * @param fullAccess the access check of the full path: the dialog, or the refusal (404, 403)
     */
    private record Draft(long dialogId, WriteAccess rule, String sender, String author, NewMessage m, String reader,
                         Long holder, Supplier<DialogRecord> fullAccess) {
        GroupCommit.Post post() {
            return new GroupCommit.Post(dialogId, rule, sender, author, m.text(), m.clientMsgId(), reader);
        }
    }

    /**
     * Queues the post for a group-commit batch without waiting for it. A stored post is answered right from the
     * committer thread (counting it is all that runs there); anything else, or a post without group commit, goes
     * to {@link #finish} on {@code worker}, which has the request's context: the committer's transaction and session
     * are its own, and the request's are never touched from that thread.
     */
    private CompletionStage<Views.Posted> store(Draft d, Executor worker) {
        if (!groupCommit.enabled()) {
            return CompletableFuture.supplyAsync(() -> finish(d, GroupCommit.Outcome.ALONE), worker);
        }
        return groupCommit.submit(d.post()).thenCompose(batched -> batched.posted() != null
                ? CompletableFuture.completedFuture(counted(batched.posted(), d.sender()))
                : CompletableFuture.supplyAsync(() -> finish(d, batched), worker));
    }

    /**
     * A post its batch did not store, on a thread that may block: on its own when the batch rolled back or group
     * commit is off (the one-statement post in a transaction of its own), then, when that wrote nothing either, the
     * access check and the full path, which answer a refusal, a repeat or the stored message exactly as before.
     */
    private Views.Posted finish(Draft d, GroupCommit.Outcome batched) {
        if (batched.alone()) {
            Optional<Views.Posted> direct = tryAlone(d);
            if (direct.isPresent()) {
                return counted(direct.get(), d.sender());
            }
        }
        DialogRecord own = d.fullAccess().get();
        return post(own.id(), d.sender(), d.author(), d.m(), d.reader(), d.holder());
    }

    /**
     * The one-statement post in a transaction of its own; empty when it wrote nothing or lost a race for the same
     * {@code client_msg_id}.
     */
    private Optional<Views.Posted> tryAlone(Draft d) {
        NewMessage m = d.m();
        try {
            return appender.tryAppend(d.dialogId(), d.rule(), d.sender(), d.author(), m.text(), m.clientMsgId(),
                    d.reader());
        } catch (RuntimeException e) {
            if (m.clientMsgId() != null && DataAccessException.violated(e, CLIENT_MSG_ID_UNIQUE)) {
                // A concurrent post with the same client_msg_id won; the full path answers with its message.
                return Optional.empty();
            }
            throw e;
        }
    }

    /** @param holder the operator or admin writing, who must hold the dialog; null for guests and assistants */
    private Views.Posted post(long dialogId, String sender, String author, NewMessage m, String reader, Long holder) {
        Views.Posted posted;
        try {
            posted = appender.append(dialogId, sender, author, m.text(), m.clientMsgId(), reader, holder);
        } catch (RuntimeException e) {
            // Belt and braces behind the row lock: the loser of an identical concurrent post answers like a repeat.
            if (m.clientMsgId() != null && DataAccessException.violated(e, CLIENT_MSG_ID_UNIQUE)) {
                posted = new Views.Posted(messages.findByClientMsgId(dialogId, m.clientMsgId()).orElseThrow(() -> e),
                        false);
            } else {
                throw e;
            }
        }
        return counted(posted, sender);
    }

    private Views.Posted counted(Views.Posted posted, String sender) {
        String name = posted.created() ? "switchboard.messages.posted" : "switchboard.messages.repeated";
        counters.computeIfAbsent(name + "/" + sender, k -> registry.counter(name, "sender", sender)).increment();
        return posted;
    }

    /** The rules of {@link NewMessage}, checked here: a guest hears about them only once the dialog is its own. */
    private NewMessage validate(NewMessage body) {
        if (body == null) {
            throw ApiException.validation("The request needs a JSON body, for example {\"text\": \"Hello\"}.");
        }
        Set<ConstraintViolation<NewMessage>> broken = validator.validate(body);
        if (!broken.isEmpty()) {
            throw new ConstraintViolationException(broken);
        }
        String text = body.text();
        int length = text.codePointCount(0, text.length());
        if (length > MAX_TEXT) {
            throw new ApiException(413, "text_too_long", "The message is " + length + " characters long; the limit is "
                    + MAX_TEXT + ".");
        }
        String clientMsgId = body.clientMsgId();
        if (clientMsgId != null) {
            clientMsgId = clientMsgId.trim();
            if (clientMsgId.isEmpty()) {
                clientMsgId = null;
            }
        }
        return new NewMessage(text, clientMsgId);
    }
}
