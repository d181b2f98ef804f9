package io.switchboard.api.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.api.config.SwitchboardConfig;
import io.switchboard.api.entity.User;
import io.switchboard.api.presence.OperatorPresence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Emails an assistant's members when one of its dialogs has waited for an operator longer than
 * {@code switchboard.email.waiting-alert-after} while none of them is online: once per wait (a dialog that leaves
 * {@code waiting_operator} and comes back starts a new one). Runs on every replica; a dialog is claimed with a
 * conditional {@code UPDATE … WHERE waiting_alerted_at IS NULL}, so exactly one replica mails it.
 *
 * <p>{@code waiting_since} and {@code waiting_alerted_at} are kept by a trigger (V16) and mapped read-only on
 * {@link io.switchboard.api.entity.Dialog} (not insertable, not updatable), so no entity flush of a dialog ever writes
 * a stale value over a claim; only the HQL updates here write {@code waiting_alerted_at}. Times are the database's
 * ({@code current_instant}), as the trigger's are.
 */
@ApplicationScoped
public class WaitingAlerts {
    private static final Logger LOG = Logger.getLogger(WaitingAlerts.class);

    @Inject
    EntityManager em;
    @Inject
    EmailConfig config;
    @Inject
    SwitchboardConfig switchboard;
    @Inject
    OperatorPresence presence;
    @Inject
    GuestEmails guests;
    @Inject
    Mailer mailer;

    record Waiting(long dialogId, long assistantId, String assistantName, String guestLabel, String preview,
                   Instant waitingSince) {
    }

    /** One pass: every dialog due an alert; returns how many were alerted. */
    public int run() {
        int alerted = 0;
        for (Waiting w : QuarkusTransaction.requiringNew().call(this::due)) {
            if (alert(w)) {
                alerted++;
            }
        }
        return alerted;
    }

    private List<Waiting> due() {
        List<Tuple> rows = em.createQuery("select d.id, d.assistantId, a.name, d.guestLabel,"
                        // The visitor's last words (not a system line such as "The visitor asked for a human").
                        + " (select left(m.text, 200) from Message m where m.dialogId = d.id and m.sender = 'user'"
                        + " order by m.seq desc limit 1), d.waitingSince from Dialog d join Assistant a on a.id = d.assistantId"
                        + " where d.status = 'waiting_operator' and d.waitingAlertedAt is null"
                        + " and d.waitingSince <= current_instant - (:after) nanosecond order by d.waitingSince",
                Tuple.class).setParameter("after", config.waitingAlertAfter().toNanos()).setMaxResults(200)
                .getResultList();
        return rows.stream().map(t -> new Waiting(t.get(0, Long.class), t.get(1, Long.class), t.get(2, String.class),
                t.get(3, String.class), t.get(4, String.class), instant(t.get(5)))).toList();
    }

    private boolean alert(Waiting w) {
        List<Long> members = QuarkusTransaction.requiringNew().call(() -> guests.memberIds(w.assistantId()));
        if (presence.reader().anyOnline(members)) {
            return false; // someone can answer; looked at again next pass while the dialog still waits
        }
        List<User> recipients = QuarkusTransaction.requiringNew().call(() -> members.isEmpty() ? List.<User>of()
                : User.<User>list("id in ?1 and active = true and email is not null", members));
        if (recipients.isEmpty() || !claim(w)) {
            return false;
        }
        long minutes = Math.max(1, Duration.between(w.waitingSince(), Instant.now()).toMinutes());
        String link = dashboardUrl() + "?dialog=" + w.dialogId();
        int sent = 0;
        for (User u : recipients) {
            MailTexts.Mail text = MailTexts.waitingAlert(MailTexts.language(u.locale, config.defaultLocale()),
                    w.assistantName(), w.guestLabel(), minutes, w.preview(), link);
            try {
                mailer.send(Mail.withText(u.email, text.subject(), text.text())
                        .addHeader("Auto-Submitted", "auto-generated"));
                sent++;
            } catch (RuntimeException e) {
                LOG.warnf("waiting alert for dialog %d to user %d not sent: %s", w.dialogId(), u.id, e.getMessage());
            }
        }
        if (sent == 0) {
            // Nobody got it (the SMTP server is down): the next pass tries again.
            QuarkusTransaction.requiringNew().run(() -> em.createQuery("update Dialog d set d.waitingAlertedAt = null"
                    + " where d.id = :id and d.waitingSince = :since").setParameter("id", w.dialogId())
                    .setParameter("since", w.waitingSince()).executeUpdate());
            return false;
        }
        LOG.infof("waiting alert for dialog %d mailed to %d of %d members", w.dialogId(), sent, recipients.size());
        return true;
    }

    /** Takes this wait's alert for this replica; false when another replica took it or the wait is over. */
    private boolean claim(Waiting w) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("update Dialog d set d.waitingAlertedAt ="
                        + " current_instant where d.id = :id and d.status = 'waiting_operator' and d.waitingAlertedAt is null"
                        + " and d.waitingSince = :since")
                .setParameter("id", w.dialogId()).setParameter("since", w.waitingSince()).executeUpdate()) == 1;
    }

    private String dashboardUrl() {
        return config.dashboardUrl().orElseGet(() -> switchboard.publicUrls().apiUrl().replaceAll("/+$", "") + "/admin/");
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value);
    }
}
