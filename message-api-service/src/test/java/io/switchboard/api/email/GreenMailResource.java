package io.switchboard.api.email;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.infra.SupportMailbox;
import java.util.Map;

/** message-api on a {@link SupportMailbox}: mails sent through its SMTP side, replies read over its IMAP side. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {
    public static final String SUPPORT = SupportMailbox.ADDRESS;
    static volatile SupportMailbox mailbox;

    @Override
    public Map<String, String> start() {
        mailbox = SupportMailbox.start();
        return Map.ofEntries(
                Map.entry("quarkus.mailer.mock", "false"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", String.valueOf(mailbox.smtpPort())),
                Map.entry("quarkus.mailer.from", "Shop support <" + SUPPORT + ">"),
                Map.entry("quarkus.mailer.start-tls", "DISABLED"),
                Map.entry("switchboard.email.reply-address", SUPPORT),
                Map.entry("switchboard.email.waiting-alert-after", "PT1S"),
                Map.entry("switchboard.email.check-interval", "PT0.2S"),
                Map.entry("switchboard.email.reply-delay", "PT0.3S"),
                Map.entry("switchboard.email.visitor-away-after", "PT0S"),
                Map.entry("switchboard.email.inbound.host", "127.0.0.1"),
                Map.entry("switchboard.email.inbound.port", String.valueOf(mailbox.imapPort())),
                Map.entry("switchboard.email.inbound.ssl", "false"),
                Map.entry("switchboard.email.inbound.username", SUPPORT),
                Map.entry("switchboard.email.inbound.password", SupportMailbox.PASSWORD),
                Map.entry("switchboard.email.inbound.poll-interval", "PT0.3S"),
                Map.entry("switchboard.email.dashboard-url", "https://chat.example.com/admin/"));
    }

    @Override
    public void stop() {
        if (mailbox != null) {
            mailbox.close();
        }
    }
}
