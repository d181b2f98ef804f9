package io.switchboard.api.email;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.api.entity.Assistant;
import io.switchboard.api.entity.GuestEmail;
import io.switchboard.api.entity.Message;
import io.switchboard.api.entity.ReadState;
import io.switchboard.api.presence.OperatorPresence;
import io.switchboard.api.service.Senders;
import io.switchboard.store.StoreWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.Timeouts;
import org.jboss.logging.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mails operators' replies to a visitor who left an address and is not there to see them. The state is the
 * {@code guest_emails} row itself ({@code mailed_seq}: settled up to there), so nothing is lost when message-api
 * restarts: a pass looks at every dialog whose {@code last_seq} is past its {@code mailed_seq}. A reply is mailed
 * once it is {@code reply-delay} old, together with the replies written meanwhile, if the visitor has not read it and
 * has had no widget connected for {@code visitor-away-after}. Each row is taken with {@code FOR UPDATE SKIP LOCKED}
 * for the pass, so two replicas never mail the same replies. A replica killed between the SMTP answer and the commit
 * mails them again at the next pass (at least once, never lost).
 */
@ApplicationScoped
public class VisitorMail {
    private static final Logger LOG = Logger.getLogger(VisitorMail.class);
    private static final int PAGE = 200;

    @Inject
    EntityManager em;
    @Inject
    EmailConfig config;
    @Inject
    OperatorPresence presence;
    @Inject
    ReplyAddresses replyAddresses;
    @Inject
    Mailer mailer;

    /** One pass; returns how many mails went out. */
    public int run() {
        List<Long> candidates = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select g.dialogId from GuestEmail g, Dialog d where d.id = g.dialogId and d.lastSeq > g.mailedSeq"
                        + " and (g.nextAttemptAt is null or g.nextAttemptAt <= current_timestamp) order by g.dialogId",
                Long.class).setMaxResults(500).getResultList());
        int sent = 0;
        for (long id : candidates) {
            if (QuarkusTransaction.requiringNew().call(() -> settle(id))) {
                sent++;
            }
        }
        return sent;
    }

    /** Settles one dialog's new messages in this transaction: mails the due replies or leaves them for later. */
    private boolean settle(long dialogId) {
        // SELECT … FOR UPDATE SKIP LOCKED: a row another replica is settling is not waited for.
        GuestEmail row = em.find(GuestEmail.class, dialogId, LockModeType.PESSIMISTIC_WRITE, Timeouts.SKIP_LOCKED);
        if (row == null) {
            return false; // another replica has it, or the visitor removed the address
        }
        long read = Optional.<ReadState>ofNullable(ReadState.findById(new ReadState.Key(dialogId, StoreWrites.GUEST_READER)))
                .map(r -> r.lastReadSeq).orElse(0L);
        List<Message> page = Message.<Message>find("dialogId = ?1 and seq > ?2 order by seq", dialogId, row.mailedSeq)
                .page(0, PAGE).list();
        if (page.isEmpty()) {
            return false;
        }
        List<Message> replies = page.stream()
                .filter(m -> Senders.OPERATOR.equals(m.sender) && m.seq > read).toList();
        long lastSeen = page.get(page.size() - 1).seq;
        if (replies.isEmpty()) {
            row.mailedSeq = lastSeen; // nothing to mail: the visitor's own, the bot's, system lines, or already read
            return false;
        }
        Instant now = Instant.now();
        long settledBefore = replies.get(0).seq - 1;
        boolean due = !replies.get(0).createdAt.isAfter(now.minus(config.replyDelay()));
        if (!due || visitorHere(dialogId, now)) {
            // Not yet: a burst of replies goes in one mail, and a visitor who is here sees them live (and reads them).
            row.mailedSeq = Math.max(row.mailedSeq, settledBefore);
            return false;
        }
        Assistant assistant = Assistant.findById(row.assistantId);
        MailTexts.Mail text = MailTexts.visitorReplies(MailTexts.language(row.locale, config.defaultLocale()),
                assistant == null ? "" : assistant.name,
                replies.stream().map(m -> new MailTexts.Reply(m.author, m.text)).toList());
        Mail mail = Mail.withText(row.email, text.subject(), text.text());
        replyAddresses.forToken(row.replyToken).ifPresent(mail::setReplyTo);
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            row.attempts++;
            Duration wait = Duration.ofSeconds(Math.min(3600, 30L << Math.min(row.attempts - 1, 7)));
            row.nextAttemptAt = now.plus(wait);
            LOG.warnf("replies of dialog %d not mailed to the visitor (attempt %d, next in %d s): %s", dialogId,
                    row.attempts, wait.toSeconds(), e.getMessage());
            return false;
        }
        row.mailedSeq = lastSeen;
        row.attempts = 0;
        row.nextAttemptAt = null;
        LOG.infof("%d replies of dialog %d mailed to its visitor", replies.size(), dialogId);
        return true;
    }

    /** True while the visitor has a widget connected, or had one within {@code visitor-away-after}. */
    private boolean visitorHere(long dialogId, Instant now) {
        if (presence.reader().guestOnline(dialogId)) {
            return true;
        }
        Long seen = presence.reader().guestLastSeen(dialogId);
        return seen != null && now.toEpochMilli() - seen < config.visitorAwayAfter().toMillis();
    }
}
