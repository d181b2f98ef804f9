package io.switchboard.api.repository;

import io.switchboard.events.DialogPayload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

/**
 * Finds dialogs by the words of their messages (PostgreSQL full-text search, Russian and English word forms) and by
 * who the guest is (label, and the name or email the site passed), among the dialogs the caller may see. Migration
 * V13 explains the index.
 *
 * <p>Native SQL, and why: full-text search is not HQL. {@code @@}, {@code to_tsvector}, {@code websearch_to_tsquery}
 * and {@code ts_headline} have no HQL form, and the GIN index serves a query only when it repeats the indexed
 * expression {@code to_tsvector('russian', text) || to_tsvector('english', text)} literally, which only SQL can
 * promise. It runs through Hibernate's session like the post statement, in one round trip: the matching messages,
 * the dialogs they belong to (filtered by the same access rules as the list), the page, the dialogs' view columns
 * with the caller's watermark, and a highlighted snippet of the newest matching message of each dialog on the page.
 */
@ApplicationScoped
public class DialogSearch {
    /** Highlight marks inside ts_headline's answer; removed from the text first, so a guest cannot forge them. */
    public static final char START = '\u0002';
    public static final char STOP = '\u0003';
    /** A short message whole, a long one cut to 8-20 words around the best hit, so it does not fill the list. */
    private static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxWords=20, MinWords=8, ShortWord=2";
    /** The indexed expression, written exactly as V13 indexed it. */
    private static final String DOCUMENT = "(to_tsvector('russian', m.text) || to_tsvector('english', m.text))";
    /**
     * Both configurations' reading of the query, ORed: "заказа" stems to 'заказ' in Russian, "orders" to 'order'. The
     * English reading keeps a Cyrillic word as typed, so it also finds Russian words whose stem is exactly that form
     * ("заказа" finds "заказали", whose Russian stem is 'заказа'): a little wider than Russian alone, never narrower.
     */
    private static final String QUERY = "(websearch_to_tsquery('russian', :q) || websearch_to_tsquery('english', :q))";

    @Inject
    EntityManager em;

    /** One dialog found: its view, and the newest matching message, when the words matched (not only the guest). */
    public record Found(DialogPayload dialog, Long matchSeq, String matchSender, Instant matchCreatedAt, String snippet) {
    }

    /**
     * Dialogs matching {@code q}, most recent activity first, {@code limit} from {@code offset}; one more than
     * {@code limit} is asked for, so the caller knows whether another page exists.
     *
     * @param memberOf null for an admin (all assistants), else the user whose memberships limit the search
     */
    public List<Found> search(String q, String reader, Long memberOf, Long assistantId, String status, int limit,
                              int offset) {
        String access = (memberOf != null ? " AND d.assistant_id IN (SELECT am.assistant_id FROM assistant_members am"
                + " WHERE am.user_id = :member)" : "")
                + (assistantId != null ? " AND d.assistant_id = :assistant" : "")
                + (status != null ? " AND d.status = :status" : "");
        String sql = "WITH hits AS (SELECT DISTINCT ON (m.dialog_id) m.dialog_id, m.id AS message_id"
                + " FROM messages m JOIN dialogs d ON d.id = m.dialog_id"
                + " WHERE " + DOCUMENT + " @@ " + QUERY + access
                + " ORDER BY m.dialog_id, m.seq DESC),"
                + " found AS (SELECT d.id, h.message_id, COALESCE(d.last_message_at, d.created_at) AS activity"
                + " FROM dialogs d LEFT JOIN hits h ON h.dialog_id = d.id"
                + " LEFT JOIN guest_contexts gc ON gc.dialog_id = d.id"
                + " WHERE (h.dialog_id IS NOT NULL OR d.guest_label ILIKE :like ESCAPE '\\'"
                + " OR gc.name ILIKE :like ESCAPE '\\' OR gc.email ILIKE :like ESCAPE '\\')" + access
                + " ORDER BY activity DESC, d.id DESC LIMIT :limit OFFSET :offset)"
                + " SELECT d.id, d.assistant_id, d.guest_label, d.status, d.assigned_operator_id, d.last_seq,"
                + " d.last_message_at, d.last_message_preview, d.last_message_sender, r.last_read_seq AS watermark,"
                + " m.seq AS match_seq, m.sender AS match_sender, m.created_at AS match_created_at,"
                + " CASE WHEN m.id IS NULL THEN NULL ELSE ts_headline('russian', translate(m.text, chr(2) || chr(3), ''),"
                + " " + QUERY + ", :options) END AS snippet"
                + " FROM found f JOIN dialogs d ON d.id = f.id"
                + " LEFT JOIN read_state r ON r.dialog_id = d.id AND r.reader = :reader"
                + " LEFT JOIN messages m ON m.id = f.message_id"
                + " ORDER BY f.activity DESC, d.id DESC";
        NativeQuery<Tuple> query = em.unwrap(Session.class).createNativeQuery(sql, Tuple.class)
                .setParameter("q", q, String.class)
                .setParameter("like", "%" + likeEscaped(q) + "%", String.class)
                .setParameter("reader", reader, String.class)
                .setParameter("options", HEADLINE_OPTIONS, String.class)
                .setParameter("limit", limit + 1)
                .setParameter("offset", offset);
        if (memberOf != null) {
            query.setParameter("member", memberOf);
        }
        if (assistantId != null) {
            query.setParameter("assistant", assistantId);
        }
        if (status != null) {
            query.setParameter("status", status, String.class);
        }
        List<Found> found = new ArrayList<>();
        for (Tuple row : query.getResultList()) {
            found.add(new Found(DialogRepository.view(row), Columns.nullableLong(row, "match_seq"),
                    (String) row.get("match_sender"), Columns.instant(row, "match_created_at"),
                    (String) row.get("snippet")));
        }
        return found;
    }

    /** The text with LIKE's wildcards taken literally. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
