package io.switchboard.api.service;

import io.switchboard.api.assign.DialogView;
import io.switchboard.api.auth.Caller;
import io.switchboard.api.publish.AfterCommitEvents;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.repository.DialogSearch;
import io.switchboard.api.repository.ReadStateRepository;
import io.switchboard.events.DialogPayload;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** The operators' view of dialogs: the list, one dialog, and read watermarks. */
@ApplicationScoped
public class DialogService {
    private static final Set<String> STATUSES = Set.of(DialogRecord.BOT, DialogRecord.WAITING_OPERATOR,
            DialogRecord.OPERATOR, DialogRecord.CLOSED);

    /** Search pages: 20 dialogs unless asked, at most 50, reaching at most 10 000 deep. */
    static final int SEARCH_DEFAULT_LIMIT = 20;
    static final int SEARCH_MAX_LIMIT = 50;
    static final int SEARCH_MAX_OFFSET = 10_000;
    /** Longer than any phrase a person types into a search box; a longer q is a mistake or an attack. */
    static final int SEARCH_MAX_CHARS = 200;

    @Inject
    DialogRepository dialogs;
    @Inject
    DialogSearch search;
    @Inject
    ReadStateRepository readState;
    @Inject
    DialogAccess access;
    @Inject
    AfterCommitEvents events;

    /** Dialogs the caller may see, newest activity first, each with the caller's unread count. */
    public Views.Dialogs list(Caller caller, String status, Long assistantId, Integer limit) {
        return list(caller, status, assistantId, limit, null);
    }

    /** The same within one of the dashboard's views ({@code null}: no view, as before views existed). */
    public Views.Dialogs list(Caller caller, String status, Long assistantId, Integer limit, DialogView view) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of bot, waiting_operator, operator, closed.");
        }
        int lim = Validation.range(limit, "limit", 1, 500, 100);
        if (assistantId != null) {
            access.requireAssistant(caller, assistantId);
        }
        Long memberOf = caller.isAdmin() ? null : caller.userId();
        return new Views.Dialogs(dialogs.list(caller.reader(), memberOf, assistantId, status, view, caller.userId(), lim));
    }

    public DialogPayload get(Caller caller, long dialogId) {
        access.forStaff(caller, dialogId);
        return view(dialogId, caller.reader());
    }

    /** Moves the caller's watermark forward (never back) and tells everyone watching. */
    @Transactional
    public Views.Read markRead(Caller caller, long dialogId, long seq) {
        DialogRecord d = access.forStaff(caller, dialogId);
        return markRead(d, caller.reader(), seq);
    }

    /** Moves any reader's watermark in a dialog already checked to be theirs. */
    @Transactional
    public Views.Read markRead(DialogRecord d, String reader, long target) {
        OptionalLong moved = readState.advance(d.id(), reader, target);
        if (moved.isPresent()) {
            events.readMoved(d.id(), d.assistantId(), reader, moved.getAsLong());
            return new Views.Read(d.id(), reader, moved.getAsLong());
        }
        return new Views.Read(d.id(), reader, readState.current(d.id(), reader));
    }

    /**
     * Dialogs of the caller's assistants whose messages contain the words of {@code q} (any word form, Russian or
     * English) or whose guest label, name or email contains {@code q}; most recent activity first, a page of
     * {@code limit} from {@code offset}. The access rule is the list's: an operator searches only the assistants it is
     * a member of now, an admin all of them.
     */
    public Views.DialogMatches search(Caller caller, String q, String status, Long assistantId, Integer limit,
                                      Integer offset) {
        String words = searchText(q);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of bot, waiting_operator, operator, closed.");
        }
        int lim = Validation.range(limit, "limit", 1, SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT);
        int from = Validation.range(offset, "offset", 0, SEARCH_MAX_OFFSET, 0);
        if (assistantId != null) {
            access.requireAssistant(caller, assistantId);
        }
        Long memberOf = caller.isAdmin() ? null : caller.userId();
        List<DialogSearch.Found> found = search.search(words, caller.reader(), memberOf, assistantId, status, lim, from);
        boolean more = found.size() > lim;
        List<Views.DialogMatch> page = found.stream().limit(lim)
                .map(f -> new Views.DialogMatch(f.dialog(), f.matchSeq() == null ? null
                        : Views.Match.of(f.matchSeq(), f.matchSender(), f.matchCreatedAt(), f.snippet(),
                        DialogSearch.START, DialogSearch.STOP)))
                .toList();
        return new Views.DialogMatches(page, more, more ? from + lim : null);
    }

    /** The search text, trimmed: present, not blank, at most {@link #SEARCH_MAX_CHARS} characters. */
    static String searchText(String q) {
        if (q == null || q.isBlank()) {
            throw ApiException.validation("q must not be empty: give the words to search for, or leave q out for"
                    + " the whole list.");
        }
        String words = q.strip();
        if (words.codePointCount(0, words.length()) > SEARCH_MAX_CHARS) {
            throw ApiException.validation("q must be at most " + SEARCH_MAX_CHARS + " characters long.");
        }
        return words;
    }

    DialogPayload view(long dialogId, String reader) {
        return dialogs.view(dialogId, reader).orElseThrow(() -> ApiException.notFound("dialog_not_found",
                "There is no dialog with id " + dialogId + "."));
    }

}
