package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.infra.SupportMailbox;
import io.switchboard.launcher.LocalSystem;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Email when nobody is online (issue 14) across real processes: the three services with embedded PostgreSQL and
 * Redis, and a real SMTP/IMAP server (GreenMail) in this JVM that message-api sends through and reads the support
 * mailbox of. Nobody has a dashboard or widget open, so everybody is offline: the waiting alert reaches the
 * operator's address with the dialog's link, the operator's reply reaches the visitor's address, and the visitor's
 * reply by email lands in the dialog once, read back over REST.
 */
class EmailIT {
    private static final String SUPPORT = SupportMailbox.ADDRESS;
    private static SupportMailbox mail;
    private static LocalSystem system;
    private static Api api;

    @BeforeAll
    static void start() {
        mail = SupportMailbox.start();
        system = LocalSystem.builder(SharedSystem.projectDir())
                .freePorts()
                .logDir(SharedSystem.projectDir().resolve("system-tests/target/service-logs/email"))
                .serviceEnv("SWITCHBOARD_DEMO_BOT_ENABLED", "false")
                // The local run (dev profile) writes mails to the log; this system sends them for real.
                .serviceEnv("QUARKUS_MAILER_MOCK", "false")
                .serviceEnv("_DEV_QUARKUS_MAILER_MOCK", "false")
                .serviceEnv("QUARKUS_MAILER_HOST", "127.0.0.1")
                .serviceEnv("QUARKUS_MAILER_PORT", Integer.toString(mail.smtpPort()))
                .serviceEnv("QUARKUS_MAILER_FROM", "Shop support <" + SUPPORT + ">")
                .serviceEnv("QUARKUS_MAILER_START_TLS", "DISABLED")
                .serviceEnv("SWITCHBOARD_EMAIL_WAITING_ALERT_AFTER", "PT1S")
                .serviceEnv("SWITCHBOARD_EMAIL_CHECK_INTERVAL", "PT0.5S")
                .serviceEnv("SWITCHBOARD_EMAIL_REPLY_DELAY", "PT0.5S")
                .serviceEnv("SWITCHBOARD_EMAIL_VISITOR_AWAY_AFTER", "PT0S")
                .serviceEnv("SWITCHBOARD_EMAIL_DASHBOARD_URL", "https://chat.example.com/admin/")
                .serviceEnv("SWITCHBOARD_EMAIL_INBOUND_HOST", "127.0.0.1")
                .serviceEnv("SWITCHBOARD_EMAIL_INBOUND_PORT", Integer.toString(mail.imapPort()))
                .serviceEnv("SWITCHBOARD_EMAIL_INBOUND_SSL", "false")
                .serviceEnv("SWITCHBOARD_EMAIL_INBOUND_USERNAME", SUPPORT)
                .serviceEnv("SWITCHBOARD_EMAIL_INBOUND_PASSWORD", SupportMailbox.PASSWORD)
                .serviceEnv("SWITCHBOARD_EMAIL_INBOUND_POLL_INTERVAL", "PT0.5S")
                .start();
        api = new Api(system.url(MESSAGE_API));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    @Test
    void theAlertAndTheReplyArriveByEmailAndTheVisitorsEmailReplyLandsInTheDialogOnce() throws Exception {
        String admin = api.adminToken();
        long assistantId = api.createAssistant(admin, "Florist " + UUID.randomUUID().toString().substring(0, 6));
        Api.Operator op = api.operatorOf(admin, assistantId);
        String opMail = "op-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api.call("PUT", "/api/account/email", op.token(), Map.of("email", opMail, "locale", "en")).ok();

        // A visitor asks for a human while nobody is online.
        long dialogId = api.guestDialog(assistantId, "maria").get("id").asLong();
        String guest = Api.guestQuery(assistantId, "maria");
        api.call("POST", "/api/widget/dialogs/" + dialogId + "/messages?" + guest, null,
                Map.of("text", "Can you deliver roses today?")).ok();
        JsonNode availability = api.call("GET", "/api/widget/dialogs/" + dialogId + "/availability?" + guest, null, null).ok();
        assertThat(availability.get("operators_online").asBoolean()).isFalse();
        String maria = "maria-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api.call("PUT", "/api/widget/dialogs/" + dialogId + "/email?" + guest, null, Map.of("email", maria, "locale", "en")).ok();
        api.call("POST", "/api/widget/dialogs/" + dialogId + "/handoff?" + guest, null, Map.of()).ok();

        // The operator's alert: the right recipient, the text, the link to the dialog.
        await().atMost(Duration.ofSeconds(30)).until(() -> !to(opMail).isEmpty());
        MimeMessage alert = to(opMail).get(0);
        assertThat(alert.getSubject()).startsWith("A visitor has been waiting");
        assertThat(SupportMailbox.body(alert)).contains("Can you deliver roses today?")
                .contains("https://chat.example.com/admin/?dialog=" + dialogId);

        // The operator answers; the visitor is gone: the reply arrives at the visitor's address.
        api.call("POST", "/api/dialogs/" + dialogId + "/takeover", op.token(), Map.of()).ok();
        api.call("POST", "/api/dialogs/" + dialogId + "/messages", op.token(),
                Map.of("text", "Yes, roses can be delivered by 18:00.")).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> !to(maria).isEmpty());
        MimeMessage reply = to(maria).get(0);
        assertThat(SupportMailbox.body(reply)).contains("Yes, roses can be delivered by 18:00.");
        String replyTo = ((InternetAddress) reply.getReplyTo()[0]).getAddress();
        assertThat(replyTo).matches("support\\+[0-9a-f]{40}@switchboard\\.test");

        // The visitor replies by email, quoting the mail; delivered twice, it is still one message.
        String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
        for (int i = 0; i < 2; i++) {
            deliver(maria, replyTo, messageId, "Great, please ring the bell.\n\nOn Sun, 6 Dec 2026 at 10:00, Shop support <"
                    + replyTo + "> wrote:\n> Yes, roses can be delivered by 18:00.\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> texts(dialogId, op.token()).contains("Great, please ring the bell."));
        }
        await().atMost(Duration.ofSeconds(30)).until(EmailIT::supportInboxEmpty);
        List<String> texts = texts(dialogId, op.token());
        assertThat(texts.stream().filter("Great, please ring the bell."::equals)).hasSize(1);
        assertThat(String.join("\n", texts)).doesNotContain("wrote:");
        // The visitor's own history has it too, as the visitor's message.
        JsonNode mine = api.call("GET", "/api/widget/dialogs/" + dialogId + "/messages?" + guest, null, null).ok();
        JsonNode last = mine.get("messages").get(mine.get("messages").size() - 1);
        assertThat(last.get("sender").asText()).isEqualTo("user");
        assertThat(last.get("text").asText()).isEqualTo("Great, please ring the bell.");
    }

    private static List<String> texts(long dialogId, String token) {
        List<String> out = new ArrayList<>();
        api.call("GET", "/api/dialogs/" + dialogId + "/messages", token, null).ok().get("messages")
                .forEach(m -> out.add(m.get("text").asText()));
        return out;
    }

    private static List<MimeMessage> to(String address) {
        return mail.mailsTo(address);
    }

    /** As a mail server with plus addressing: the envelope names the support mailbox, the header the reply address. */
    private static void deliver(String from, String to, String messageId, String body) throws Exception {
        mail.deliver(SupportMailbox.reply(from, to, messageId, body));
    }

    private static boolean supportInboxEmpty() throws Exception {
        return mail.inboxEmpty();
    }
}
