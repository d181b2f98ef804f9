package io.switchboard.api.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.assign.DialogView;
import io.switchboard.api.entity.Dialog;
import io.switchboard.events.DialogPayload;
import io.switchboard.store.DialogRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.query.SelectionQuery;

/**
 * The {@code dialogs} table and the Dialog view (with an unread count) every client shows. Dialogs are read as values
 * and changed by statements: the post statement moves {@code last_seq} behind Hibernate's back, so an entity kept in
 * the session would go stale within the transaction.
 */
@ApplicationScoped
public class DialogRepository implements PanacheRepository<Dialog> {
    /** The team's watermark in SQL, for the post statement: the furthest any operator has read. */
    static final String TEAM_READ = "(SELECT MAX(r.last_read_seq) FROM read_state r"
            + " WHERE r.dialog_id = d.id AND r.reader LIKE 'user:%')";
    private static final String RECORD = "select new io.switchboard.store.DialogRecord(d.id, d.assistantId, d.guestId,"
            + " d.status, d.assignedOperatorId, d.lastSeq) from Dialog d";
    private static final String VIEW = "select d.id as id, d.assistantId as assistant_id, d.guestLabel as guest_label,"
            + " d.status as status, d.assignedOperatorId as assigned_operator_id, d.lastSeq as last_seq,"
            + " d.lastMessageAt as last_message_at, d.lastMessagePreview as last_message_preview,"
            + " d.lastMessageSender as last_message_sender, ";
    /** HQL: dialog {@code d} belongs to an assistant the user {@code :member} is a member of. */
    public static final String VISIBLE_TO_MEMBER =
            "d.assistantId in (select m.assistantId from AssistantMember m where m.userId = :member)";
    private static final String TEAM_WATERMARK = "(select max(r.lastReadSeq) from ReadState r"
            + " where r.dialogId = d.id and r.reader like 'user:%')";

    /** Dialog ids per query of {@link #lastSeqs}. */
    private static final int LAST_SEQS_CHUNK = 1000;

    /** The seq a new message got, with the dialog as the operators' list shows it right after. */
    public record SeqReservation(long seq, DialogPayload dialog) {
    }

    public Optional<DialogRecord> find(long id) {
        return record("d.id = :id").setParameter("id", id).uniqueResultOptional();
    }

    /** The row, locked until the transaction ends: serializes writers of one dialog and nothing else. */
    public Optional<DialogRecord> lock(long id) {
        Optional<Dialog> locked = findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
        // Not kept: the statements that follow change the row (see the class comment).
        locked.ifPresent(getSession()::detach);
        return locked.map(Dialog::record);
    }

    /**
     * The newest seq of each given dialog that exists: the long-polls' re-check, on a worker thread beside the requests.
     * Its own transaction gives it a session of its own: the re-check after a Redis (re)connect can run on the Vert.x
     * context of the request whose long-poll opened the subscription, where that request's CDI context, and with it
     * its session, is active; sharing that session with the request's own reads failed the request with "This
     * statement has been closed" (LongPollRecheckSessionTest). Asked in chunks, so any number of waiting dialogs stays
     * within PostgreSQL's limit on bind parameters.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<Long, Long> lastSeqs(Collection<Long> dialogIds) {
        Map<Long, Long> out = new HashMap<>();
        List<Long> ids = List.copyOf(dialogIds);
        for (int from = 0; from < ids.size(); from += LAST_SEQS_CHUNK) {
            getSession().createSelectionQuery("select d.id, d.lastSeq from Dialog d where d.id in :ids", Object[].class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + LAST_SEQS_CHUNK)))
                    .getResultList().forEach(row -> out.put((Long) row[0], (Long) row[1]));
        }
        return out;
    }

    /** The guest's dialog that is not closed, if any. */
    public Optional<DialogRecord> findOpen(long assistantId, String guestId) {
        return record("d.assistantId = :assistant and d.guestId = :guest and d.status <> 'closed'")
                .setParameter("assistant", assistantId).setParameter("guest", guestId).uniqueResultOptional();
    }

    /** Opens a dialog for the guest; empty when a concurrent request opened one first. */
    public Optional<DialogRecord> insertOpen(long assistantId, String guestId) {
        // ON CONFLICT (the one open dialog per guest): losing the race must not abort the caller's transaction.
        int inserted = getSession().createMutationQuery("insert into Dialog (assistantId, guestId, status)"
                        + " values (:assistant, :guest, 'bot') on conflict do nothing")
                .setParameter("assistant", assistantId).setParameter("guest", guestId).executeUpdate();
        return inserted == 0 ? Optional.empty() : findOpen(assistantId, guestId);
    }

    /**
     * Spends one of the dialog's guest-post tokens ({@link GuestPostBudget}) in the caller's transaction, on the full
     * path of a guest's post, which holds the row lock already; the one-statement post spends its token inside its own
     * {@code UPDATE}. Native SQL because it is the post statement's expression ({@link GuestPostBudget#LEFT}), so the
     * two paths cannot count differently.
     *
     * @return 0 when a token was spent; otherwise the milliseconds until one is back, and nothing was written
     */
    public long spendGuestPost(long dialogId, GuestPostBudget budget) {
        var spend = getSession().createNativeMutationQuery("UPDATE dialogs d SET " + GuestPostBudget.SPEND
                + " WHERE d.id = ? AND " + GuestPostBudget.LEFT + " >= 1");
        List<Object> params = new ArrayList<>(budget.parameters());
        params.add(dialogId);
        params.addAll(budget.parameters());
        for (int i = 0; i < params.size(); i++) {
            spend.setParameter(i + 1, params.get(i));
        }
        return spend.executeUpdate() == 1 ? 0 : guestPostWait(dialogId, budget);
    }

    /** Milliseconds until the dialog's guest budget holds a token (0: it holds one now); spends nothing. */
    public long guestPostWait(long dialogId, GuestPostBudget budget) {
        var left = getSession().createNativeQuery("SELECT " + GuestPostBudget.LEFT + " FROM dialogs d WHERE d.id = ?",
                Double.class);
        List<Object> params = budget.parameters();
        for (int i = 0; i < params.size(); i++) {
            left.setParameter(i + 1, params.get(i));
        }
        left.setParameter(params.size() + 1, dialogId);
        return left.uniqueResultOptional().map(budget::waitMillis).orElse(0L);
    }

    /**
     * Takes the next seq of the dialog in the caller's transaction and records the last message. The row stays
     * locked until commit, so seqs are gapless and a rolled-back transaction gives its seq back. The full path
     * (repeats, system messages); a plain post takes its seq in {@link MessageRepository#appendIfAllowed}.
     */
    public SeqReservation nextSeq(long dialogId, String preview, String sender) {
        int updated = getSession().createMutationQuery("update Dialog d set d.lastSeq = d.lastSeq + 1,"
                        + " d.lastMessageAt = current_timestamp, d.lastMessagePreview = :preview,"
                        + " d.lastMessageSender = :sender, d.updatedAt = current_timestamp where d.id = :id")
                .setParameter("preview", preview).setParameter("sender", sender).setParameter("id", dialogId)
                .executeUpdate();
        if (updated == 0) {
            throw new IllegalStateException("dialog " + dialogId + " vanished while locked");
        }
        DialogPayload view = view(dialogId, null).orElseThrow();
        return new SeqReservation(view.lastSeq(), view);
    }

    public void updateStatus(long dialogId, String status, Long assignedOperatorId) {
        getSession().createMutationQuery("update Dialog d set d.status = :status, d.assignedOperatorId = :operator,"
                        + " d.updatedAt = current_timestamp where d.id = :id")
                .setParameter("status", status).setParameter("operator", assignedOperatorId, Long.class)
                .setParameter("id", dialogId).executeUpdate();
    }

    /** The dialog with {@code unread} counted for {@code reader} ({@code null}: for the operator team). */
    public Optional<DialogPayload> view(long dialogId, String reader) {
        String watermark = reader == null ? TEAM_WATERMARK
                : "(select r.lastReadSeq from ReadState r where r.dialogId = d.id and r.reader = :reader)";
        SelectionQuery<Tuple> q = getSession().createSelectionQuery(VIEW + watermark + " as watermark from Dialog d"
                + " where d.id = :id", Tuple.class).setParameter("id", dialogId);
        if (reader != null) {
            q.setParameter("reader", reader);
        }
        return q.uniqueResultOptional().map(DialogRepository::view);
    }

    /**
     * Dialogs a user sees, newest activity first, with its own unread count.
     *
     * @param memberOf null for an admin (all assistants), else the user whose memberships limit the list
     */
    public List<DialogPayload> list(String reader, Long memberOf, Long assistantId, String status, int limit) {
        return list(reader, memberOf, assistantId, status, null, null, limit);
    }

    /**
     * The same, narrowed to one of the dashboard's views ({@link DialogView}; {@code viewer} is the caller's user id).
     */
    public List<DialogPayload> list(String reader, Long memberOf, Long assistantId, String status, DialogView view,
                                    Long viewer, int limit) {
        StringBuilder hql = new StringBuilder(VIEW).append("r.lastReadSeq as watermark from Dialog d"
                + " left join ReadState r on r.dialogId = d.id and r.reader = :reader where true");
        if (memberOf != null) {
            hql.append(" and ").append(VISIBLE_TO_MEMBER);
        }
        if (view != null && view.condition() != null) {
            hql.append(" and ").append(view.condition());
        }
        if (assistantId != null) {
            hql.append(" and d.assistantId = :assistant");
        }
        if (status != null) {
            hql.append(" and d.status = :status");
        }
        hql.append(" order by coalesce(d.lastMessageAt, d.createdAt) desc, d.id desc");
        SelectionQuery<Tuple> q = getSession().createSelectionQuery(hql.toString(), Tuple.class)
                .setParameter("reader", reader).setMaxResults(limit);
        if (memberOf != null) {
            q.setParameter("member", memberOf);
        }
        if (assistantId != null) {
            q.setParameter("assistant", assistantId);
        }
        if (status != null) {
            q.setParameter("status", status);
        }
        if (view != null && view.needsViewer()) {
            q.setParameter("viewer", viewer);
        }
        return q.getResultList().stream().map(DialogRepository::view).toList();
    }

    private SelectionQuery<DialogRecord> record(String where) {
        return getSession().createSelectionQuery(RECORD + " where " + where, DialogRecord.class);
    }

    /** The payload from a row with the view's columns and its {@code watermark} (the query's or the post statement's). */
    static DialogPayload view(Tuple row) {
        long lastSeq = Columns.longValue(row, "last_seq");
        long watermark = Columns.longValue(row, "watermark");
        return new DialogPayload(Columns.longValue(row, "id"), Columns.longValue(row, "assistant_id"),
                (String) row.get("guest_label"), (String) row.get("status"), Columns.nullableLong(row, "assigned_operator_id"),
                lastSeq, Math.max(0, lastSeq - watermark), Columns.instant(row, "last_message_at"),
                (String) row.get("last_message_preview"), (String) row.get("last_message_sender"));
    }
}
