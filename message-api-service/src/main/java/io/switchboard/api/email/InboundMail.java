package io.switchboard.api.email;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.api.entity.GuestEmail;
import io.switchboard.api.repository.DialogRepository;
import io.switchboard.api.service.ApiException;
import io.switchboard.api.service.MessageService;
import io.switchboard.store.DialogRecord;
import io.switchboard.store.GuestCredentialRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * Visitors' replies by email: reads the support mailbox over IMAP, finds the reply token in the recipients
 * ({@code support+<token>@…}), keeps the visitor's new words ({@link ReplyText}) and posts them as the dialog's
 * guest through the ordinary guest post ({@link MessageService#postAsGuest}), so seq, publishing and webhooks are
 * the same as for a message typed in the widget. The post's {@code client_msg_id} is derived from the mail's
 * Message-ID: a mail read twice (a crash before it was deleted, two replicas polling at once) is stored once.
 * A handled mail is deleted from the mailbox; one that failed for a passing reason (a limit, the database) stays for
 * the next poll. Auto-replies ({@code Auto-Submitted}, {@code Precedence: auto_reply/bulk/junk}, {@code X-Autoreply})
 * and unknown tokens are dropped.
 */
@ApplicationScoped
public class InboundMail {
    private static final Logger LOG = Logger.getLogger(InboundMail.class);

    @Inject
    EmailConfig config;
    @Inject
    ReplyAddresses replyAddresses;
    @Inject
    DialogRepository dialogs;
    @Inject
    MessageService messages;

    /** What became of one mail. */
    public enum Outcome {
        POSTED, REPEATED, IGNORED, RETRY
    }

    public boolean configured() {
        return config.enabled() && config.inbound().host().isPresent();
    }

    /** Reads the mailbox once; returns how many mails became messages. */
    public int poll() throws MessagingException {
        EmailConfig.Inbound in = config.inbound();
        String protocol = in.ssl() ? "imaps" : "imap";
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "20000");
        Session session = Session.getInstance(props);
        int posted = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(in.host().orElseThrow(), in.port(), in.username().orElse(null), in.password().orElse(null));
            Folder folder = store.getFolder(in.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (jakarta.mail.Message m : folder.getMessages()) {
                    if (m.isSet(Flags.Flag.DELETED)) {
                        continue;
                    }
                    Outcome outcome = handle((MimeMessage) m);
                    if (outcome == Outcome.POSTED) {
                        posted++;
                    }
                    if (outcome != Outcome.RETRY) {
                        m.setFlag(Flags.Flag.DELETED, true);
                    }
                }
            } finally {
                folder.close(true);
            }
        }
        return posted;
    }

    /** One mail: posted, a repeat of one posted before, dropped (with a log line saying why), or left for later. */
    @ActivateRequestContext
    public Outcome handle(MimeMessage m) {
        String messageId = null;
        try {
            messageId = m.getMessageID();
            if (autoReply(m)) {
                LOG.infof("inbound mail %s dropped: an automatic reply", messageId);
                return Outcome.IGNORED;
            }
            var token = replyAddresses.tokenIn(recipients(m));
            if (token.isEmpty()) {
                LOG.infof("inbound mail %s dropped: not addressed to a reply address", messageId);
                return Outcome.IGNORED;
            }
            GuestEmail row = QuarkusTransaction.requiringNew().call(() -> GuestEmail.byToken(token.get()));
            DialogRecord dialog = row == null ? null
                    : QuarkusTransaction.requiringNew().call(() -> dialogs.find(row.dialogId).orElse(null));
            if (dialog == null) {
                LOG.infof("inbound mail %s dropped: unknown reply token", messageId);
                return Outcome.IGNORED;
            }
            String text = ReplyText.extract(body(m));
            if (text.isEmpty()) {
                LOG.infof("inbound mail %s for dialog %d dropped: no new text above the quote", messageId, dialog.id());
                return Outcome.IGNORED;
            }
            if (text.codePointCount(0, text.length()) > MessageService.MAX_TEXT) {
                text = text.substring(0, text.offsetByCodePoints(0, MessageService.MAX_TEXT - 1)) + "…";
            }
            String clientMsgId = "email:" + sha256(messageId != null ? messageId
                    : String.valueOf(m.getSentDate()) + "\n" + List.of(m.getFrom()) + "\n" + text).substring(0, 40);
            // The dialog's own guest, as the guest post proves it: the token names exactly one dialog.
            GuestCredentialRecord guest = new GuestCredentialRecord(0, dialog.guestId(), dialog.assistantId(), null);
            var posted = messages.postAsGuest(dialog.id(), guest, new MessageService.NewMessage(text, clientMsgId));
            LOG.infof("inbound mail %s posted in dialog %d as seq %d%s", messageId, dialog.id(),
                    posted.message().seq(), posted.created() ? "" : " (a repeat)");
            return posted.created() ? Outcome.POSTED : Outcome.REPEATED;
        } catch (ApiException e) {
            if (e.status() == 429 || e.status() >= 500) {
                LOG.warnf("inbound mail %s left for the next poll: %s", messageId, e.getMessage());
                return Outcome.RETRY;
            }
            LOG.infof("inbound mail %s dropped: %s %s", messageId, e.code(), e.getMessage());
            return Outcome.IGNORED;
        } catch (MessagingException | IOException e) {
            LOG.infof("inbound mail %s dropped: unreadable (%s)", messageId, e.getMessage());
            return Outcome.IGNORED;
        } catch (RuntimeException e) {
            LOG.warnf(e, "inbound mail %s left for the next poll", messageId);
            return Outcome.RETRY;
        }
    }

    private static boolean autoReply(MimeMessage m) throws MessagingException {
        String auto = m.getHeader("Auto-Submitted", ",");
        if (auto != null && !auto.trim().equalsIgnoreCase("no")) {
            return true;
        }
        String precedence = m.getHeader("Precedence", ",");
        if (precedence != null && precedence.toLowerCase(Locale.ROOT).matches(".*(auto_reply|bulk|junk|list).*")) {
            return true;
        }
        return m.getHeader("X-Autoreply") != null || m.getHeader("X-Autorespond") != null;
    }

    /** Every address the mail was delivered to: To, Cc and the delivery headers MTAs add. */
    private static List<String> recipients(MimeMessage m) throws MessagingException {
        List<String> out = new ArrayList<>();
        Address[] all = m.getAllRecipients();
        if (all != null) {
            for (Address a : all) {
                out.add(ReplyAddresses.text(a));
            }
        }
        for (String header : List.of("Delivered-To", "X-Original-To", "Envelope-To")) {
            String[] values = m.getHeader(header);
            if (values != null) {
                out.addAll(List.of(values));
            }
        }
        return out;
    }

    /** The text of the mail: its first text/plain part, else its first text/html part as text. */
    static String body(Part part) throws MessagingException, IOException {
        String plain = find(part, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(part, "text/html");
        return html == null ? "" : ReplyText.fromHtml(html);
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                String found = find(bp, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
