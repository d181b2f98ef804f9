package io.switchboard.api.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real SMTP and IMAP server (GreenMail) in the test JVM on free ports: message-api sends through its SMTP side and
 * reads the support mailbox over its IMAP side, as it would a production mail server.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {
    public static final String SUPPORT = "support@switchboard.test";
    public static final String SUPPORT_PASSWORD = "mailbox-secret";
    static volatile GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
        greenMail.start();
        greenMail.setUser(SUPPORT, SUPPORT, SUPPORT_PASSWORD);
        return Map.ofEntries(
                Map.entry("quarkus.mailer.mock", "false"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", String.valueOf(greenMail.getSmtp().getPort())),
                Map.entry("quarkus.mailer.from", "Shop support <" + SUPPORT + ">"),
                Map.entry("quarkus.mailer.start-tls", "DISABLED"),
                Map.entry("switchboard.email.reply-address", SUPPORT),
                Map.entry("switchboard.email.waiting-alert-after", "PT1S"),
                Map.entry("switchboard.email.check-interval", "PT0.2S"),
                Map.entry("switchboard.email.reply-delay", "PT0.3S"),
                Map.entry("switchboard.email.visitor-away-after", "PT0S"),
                Map.entry("switchboard.email.inbound.host", "127.0.0.1"),
                Map.entry("switchboard.email.inbound.port", String.valueOf(greenMail.getImap().getPort())),
                Map.entry("switchboard.email.inbound.ssl", "false"),
                Map.entry("switchboard.email.inbound.username", SUPPORT),
                Map.entry("switchboard.email.inbound.password", SUPPORT_PASSWORD),
                Map.entry("switchboard.email.inbound.poll-interval", "PT0.3S"),
                Map.entry("switchboard.email.dashboard-url", "https://chat.example.com/admin/"));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
