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
 * <p>The statements are native SQL: {@code waiting_since} and {@code waiting_alerted_at} are kept by a trigger (V16)
 * and deliberately not mapped on {@link io.switchboard.api.entity.Dialog}, so no entity flush of a dialog ever writes
 * a stale value over a claim.
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

    @SuppressWarnings("unchecked")
    private List<Waiting> due() {
        List<Tuple> rows = em.createNativeQuery("select d.id, d.assistant_id, a.name, d.guest_label,"
                        // The visitor's last words (not a system line such as "The visitor asked for a human").
                        + " (select left(m.text, 200) from messages m where m.dialog_id = d.id and m.sender = 'user'"
                        + " order by m.seq desc limit 1), d.waiting_since from dialogs d join assistants a on a.id = d.assistant_id"
                        + " where d.status = 'waiting_operator' and d.waiting_alerted_at is null"
                        + " and d.waiting_since <= now() - make_interval(secs => :after) order by d.waiting_since limit 200",
                Tuple.class).setParameter("after", config.waitingAlertAfter().toMillis() / 1000.0).getResultList();
        return rows.stream().map(t -> new Waiting(((Number) t.get(0)).longValue(), ((Number) t.get(1)).longValue(),
                (String) t.get(2), (String) t.get(3), (String) t.get(4), instant(t.get(5)))).toList();
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
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update dialogs set waiting_alerted_at = null"
                    + " where id = :id and waiting_since = :since").setParameter("id", w.dialogId())
                    .setParameter("since", w.waitingSince()).executeUpdate());
            return false;
        }
        LOG.infof("waiting alert for dialog %d mailed to %d of %d members", w.dialogId(), sent, recipients.size());
        return true;
    }

    /** Takes this wait's alert for this replica; false when another replica took it or the wait is over. */
    private boolean claim(Waiting w) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("update dialogs set waiting_alerted_at = now()"
                        + " where id = :id and status = 'waiting_operator' and waiting_alerted_at is null"
                        + " and waiting_since = :since")
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
