package io.switchboard.api.service;

import io.switchboard.api.auth.Caller;
import io.switchboard.api.entity.CannedReply;
import io.switchboard.api.repository.AssistantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An assistant's canned replies. Every member of the assistant reads them (the composer's picker); global admins and
 * the assistant's admin members create, change and delete them. Anybody else gets 403 and learns nothing about
 * another assistant's replies; a reply id of another assistant is 404 on this assistant's path.
 */
@ApplicationScoped
public class CannedReplyService {
    /** Most replies one assistant may keep: a picker list, not a knowledge base. */
    public static final int MAX_PER_ASSISTANT = 500;
    /** Most replies one listing returns when the caller asks for no other limit. */
    static final int DEFAULT_LIMIT = MAX_PER_ASSISTANT;

    @Inject
    AssistantRepository assistants;
    @Inject
    DialogAccess access;

    /** One reply as the API shows it. */
    public record View(long id, long assistantId, String name, String text, Long createdBy, Instant createdAt,
                       Instant updatedAt) {
        static View of(CannedReply r) {
            return new View(r.id, r.assistantId, r.name, r.text, r.createdBy, r.createdAt, r.updatedAt);
        }
    }

    /** A listing, with whether this caller may manage the assistant's replies (the dashboard shows the buttons). */
    public record Listing(List<View> cannedReplies, boolean canManage) {
    }

    /** The assistant's replies by name; with {@code q}, those whose name starts with it (any case, a leading / ignored). */
    @Transactional
    public Listing list(Caller caller, long assistantId, String q, Integer limit) {
        boolean manager = requireMember(caller, assistantId);
        int n = Validation.range(limit, "limit", 1, MAX_PER_ASSISTANT, DEFAULT_LIMIT);
        String prefix = q == null ? "" : q.strip();
        if (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (prefix.codePointCount(0, prefix.length()) > CannedReply.MAX_NAME) {
            throw ApiException.validation("q must be at most " + CannedReply.MAX_NAME + " characters long.");
        }
        return new Listing(CannedReply.ofAssistant(assistantId, prefix.toLowerCase(Locale.ROOT), n).stream()
                .map(View::of).toList(), manager);
    }

    @Transactional
    public View create(Caller caller, long assistantId, String name, String text) {
        requireManager(caller, assistantId);
        if (CannedReply.count("assistantId", assistantId) >= MAX_PER_ASSISTANT) {
            throw ApiException.conflict("too_many_canned_replies", "An assistant may keep at most " + MAX_PER_ASSISTANT
                    + " canned replies; delete one first.");
        }
        CannedReply r = new CannedReply();
        r.assistantId = assistantId;
        r.createdBy = caller.userId();
        return save(r, name, text, null);
    }

    /** Changes the name and the text (both are sent, as the dashboard's edit form does). */
    @Transactional
    public View update(Caller caller, long assistantId, long replyId, String name, String text) {
        requireManager(caller, assistantId);
        CannedReply r = reply(assistantId, replyId);
        r.updatedAt = Instant.now();
        return save(r, name, text, replyId);
    }

    @Transactional
    public void delete(Caller caller, long assistantId, long replyId) {
        requireManager(caller, assistantId);
        reply(assistantId, replyId).delete();
    }

    /** Fails unless the caller may read the assistant's replies; answers whether it may also manage them. */
    private boolean requireMember(Caller caller, long assistantId) {
        if (caller.isAdmin()) {
            requireAssistant(assistantId);
            return true;
        }
        long user = caller.userId();
        if (!assistants.isMember(assistantId, user)) {
            throw ApiException.forbidden("Only members of this assistant see its canned replies.");
        }
        return assistants.isAdminMember(assistantId, user);
    }

    private void requireManager(Caller caller, long assistantId) {
        access.requireAdminOf(caller, assistantId, "Only an admin of this assistant may manage its canned replies.");
    }

    private void requireAssistant(long assistantId) {
        if (assistants.find(assistantId).isEmpty()) {
            throw ApiException.assistantNotFound(assistantId);
        }
    }

    private static CannedReply reply(long assistantId, long replyId) {
        CannedReply r = CannedReply.findById(replyId);
        if (r == null || r.assistantId != assistantId) {
            throw ApiException.notFound("canned_reply_not_found", "This assistant has no canned reply " + replyId + ".");
        }
        return r;
    }

    /** The name in lower case, unless another reply of the assistant has it (409 {@code canned_reply_name_taken}). */
    private static String freeName(long assistantId, String name, Long exceptId) {
        String normalized = name.strip().toLowerCase(Locale.ROOT);
        if (CannedReply.nameTaken(assistantId, normalized, exceptId)) {
            throw taken(normalized);
        }
        return normalized;
    }

    private static ApiException taken(String name) {
        return ApiException.conflict("canned_reply_name_taken", "This assistant already has a canned reply named \""
                + name + "\"; choose another name or edit that reply.");
    }

    /** Gives {@code r} (a new reply, or {@code replyId}) its name and text, and stores it. */
    private static View save(CannedReply r, String name, String text, Long replyId) {
        r.name = freeName(r.assistantId, name, replyId);
        r.text = text.strip();
        persist(r);
        return View.of(r);
    }

    /** Writes now, so that a concurrent twin's name loses here with 409 rather than at the commit with 500. */
    private static void persist(CannedReply r) {
        try {
            r.persistAndFlush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                throw taken(r.name);
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
