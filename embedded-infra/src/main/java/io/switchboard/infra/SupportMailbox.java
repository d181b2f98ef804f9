package io.switchboard.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * For the email tests: a real SMTP and IMAP server (GreenMail) in the test JVM on free ports, with one support
 * mailbox that message-api sends through and reads over IMAP, as it would a production mail server. GreenMail and
 * Jakarta Mail come from the test's own classpath.
 */
public final class SupportMailbox implements AutoCloseable {
    /** The support mailbox: the From of every mail message-api sends and the inbox it reads replies from. */
    public static final String ADDRESS = "support@switchboard.test";
    public static final String PASSWORD = "mailbox-secret";

    private final GreenMail mail;

    private SupportMailbox(GreenMail mail) {
        this.mail = mail;
    }

    public static SupportMailbox start() {
        GreenMail mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(),
            ServerSetupTest.IMAP.dynamicPort()});
        mail.start();
        mail.setUser(ADDRESS, ADDRESS, PASSWORD);
        return new SupportMailbox(mail);
    }

    public int smtpPort() {
        return mail.getSmtp().getPort();
    }

    public int imapPort() {
        return mail.getImap().getPort();
    }

    /** Every mail the server took for {@code address}, in arrival order. */
    public List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** Whether the support inbox is empty, read over IMAP as message-api does (a handled mail is deleted). */
    public boolean inboxEmpty() throws MessagingException {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("127.0.0.1", imapPort(), ADDRESS, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return inbox.getMessageCount() == 0;
            } finally {
                inbox.close(false);
            }
        }
    }

    /** A plain-text reply from {@code from} to {@code to} that keeps {@code messageId} however often it is sent. */
    public static MimeMessage reply(String from, String to, String messageId, String text) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject("Re: your question", "UTF-8");
        m.setText(text, "UTF-8");
        m.saveChanges();
        return m;
    }

    /**
     * Sends the mail over SMTP to the support mailbox, as a mail server with plus addressing delivers
     * {@code support+token@…} there: the envelope names the mailbox, the headers keep the reply address.
     */
    public void deliver(MimeMessage m) throws MessagingException, IOException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.writeTo(bytes);
        MimeMessage copy = new MimeMessage(Session.getInstance(props), new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected void updateMessageID() {
                // keeps the Message-ID it was written with: a mail delivered twice is the same mail
            }
        };
        Transport.send(copy, new InternetAddress[] {new InternetAddress(ADDRESS)});
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a plain-text mail, with {@code \n} line ends. */
    public static String body(MimeMessage m) {
        try {
            return ((String) m.getContent()).replace("\r\n", "\n");
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        mail.stop();
    }
}
