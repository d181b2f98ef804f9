package io.switchboard.api.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.switchboard.api.entity.Widget;
import io.switchboard.store.WidgetRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code widgets} table (site tokens, stored as hashes). The reads CORS and frame-ancestors answers need run on
 * worker threads outside any request, so they bring their own request context (and with it a Hibernate session).
 */
@ApplicationScoped
public class WidgetRepository implements PanacheRepository<Widget> {

    public WidgetRow insert(long assistantId, String tokenHash, List<String> domains) {
        Widget w = new Widget();
        w.assistantId = assistantId;
        w.tokenHash = tokenHash;
        w.allowedDomains = domains.toArray(new String[0]);
        persist(w);
        return w.row();
    }

    /** Inserts a row with a known token hash unless one exists (the idempotent dev seed). */
    public void insertIfAbsent(long assistantId, String tokenHash, List<String> domains) {
        if (find("tokenHash", tokenHash).firstResultOptional().isEmpty()) {
            insert(assistantId, tokenHash, domains);
        }
    }

    /** The union of the allowed domains of the assistant's widgets that are not revoked. */
    @ActivateRequestContext
    public List<String> assistantDomains(long assistantId) {
        return domains(list("assistantId = ?1 and revoked = false", assistantId));
    }

    /** Every allowed domain of every widget that is not revoked. */
    @ActivateRequestContext
    public List<String> activeDomains() {
        return domains(list("revoked = false"));
    }

    private static List<String> domains(List<Widget> widgets) {
        TreeSet<String> all = new TreeSet<>();
        widgets.forEach(w -> all.addAll(List.of(w.allowedDomains)));
        return List.copyOf(all);
    }

    /** The row, locked against a concurrent update or delete. */
    public Optional<WidgetRow> lock(long id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).map(Widget::row);
    }

    public void revoke(long id, String reason) {
        findByIdOptional(id).ifPresent(w -> {
            w.revoked = true;
            w.revokedReason = reason;
        });
    }

    /** Widgets of one assistant, or of all when {@code assistantId} is null, newest first. */
    public List<WidgetRow> list(Long assistantId) {
        List<Widget> widgets = assistantId == null ? list("order by id desc")
                : list("assistantId = ?1 order by id desc", assistantId);
        return widgets.stream().map(Widget::row).toList();
    }

    /** The row of a token (revoked or not), by its hash. */
    @ActivateRequestContext
    public Optional<WidgetRecord> byTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResultOptional().map(w -> new WidgetRecord(w.id, w.assistantId,
                List.of(w.allowedDomains), w.revoked, w.revokedReason));
    }
}
