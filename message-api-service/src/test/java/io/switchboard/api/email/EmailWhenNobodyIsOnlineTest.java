package io.switchboard.api.email;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.guestMessages;
import static io.switchboard.api.TestApi.guestToken;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.openDialog;
import static io.switchboard.api.TestApi.staffPost;
import static io.switchboard.api.TestApi.takeOver;
import static io.switchboard.api.TestApi.unique;
import static io.switchboard.infra.SupportMailbox.body;
import static io.switchboard.infra.SupportMailbox.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.switchboard.api.TestApi;
import io.switchboard.infra.EmbeddedInfraTestResource;
import io.switchboard.presence.PresenceKeys;
import io.switchboard.infra.SupportMailbox;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, email when nobody is online, against a real SMTP and IMAP server (GreenMail) and the real PostgreSQL and
 * Redis: the waiting alert to the members, the visitor's address, operators' replies mailed to an away visitor, and
 * the visitor's reply by email back in the dialog. Nobody is connected in these tests, so everybody is offline; where
 * someone must be online, the test writes the presence keys the socket services write for a live connection.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = true)
class EmailWhenNobodyIsOnlineTest {
    @Inject
    RedisDataSource redis;

    // ---- waiting alert ----------------------------------------------------------------------------------------

    @Test
    void aDialogWaitingWithNobodyOnlineEmailsEveryMemberOnceWithTheLinkInTheirLanguage() {
        long assistantId = createAssistant(unique("Shop"));
        long otherAssistant = createAssistant(unique("Other"));
        TestApi.Operator vera = createOperator("Vera", assistantId);
        TestApi.Operator oleg = createOperator("Oleg", assistantId);
        TestApi.Operator stranger = createOperator("Stranger", otherAssistant);
        TestApi.Operator noEmail = createOperator("Nomail", assistantId);
        String veraMail = unique("vera") + "@example.com";
        String olegMail = unique("oleg") + "@example.com";
        String strangerMail = unique("stranger") + "@example.com";
        // Vera sets her own address from a Russian dashboard; an admin sets Oleg's, in English.
        as(vera.token()).header("Accept-Language", "ru-RU,ru;q=0.9").body(Map.of("email", veraMail))
                .put("/api/account/email").then().statusCode(200).body("email", is(veraMail)).body("locale", is("ru"));
        as(admin()).body(Map.of("email", olegMail, "locale", "en")).put("/api/users/" + oleg.id() + "/email")
                .then().statusCode(200).body("email", is(olegMail));
        as(stranger.token()).body(Map.of("email", strangerMail)).put("/api/account/email").then().statusCode(200);
        as(noEmail.token()).get("/api/account/email").then().statusCode(200).body("email", nullValue());

        long dialogId = openDialog(assistantId, "waiting-guest");
        TestApi.guestPost(assistantId, "waiting-guest", dialogId, Map.of("text", "Где мой заказ?")).then().statusCode(201);
        guestHandoff(assistantId, "waiting-guest", dialogId);

        await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo(veraMail).size() == 1 && mailsTo(olegMail).size() == 1);
        MimeMessage toVera = mailsTo(veraMail).get(0);
        assertThat(subject(toVera)).startsWith("Посетитель ждёт оператора").contains("Shop");
        assertThat(body(toVera)).contains("https://chat.example.com/admin/?dialog=" + dialogId)
                .contains("никого из операторов нет в сети").contains("Последнее сообщение: Где мой заказ?");
        MimeMessage toOleg = mailsTo(olegMail).get(0);
        assertThat(subject(toOleg)).startsWith("A visitor has been waiting");
        assertThat(body(toOleg)).contains("https://chat.example.com/admin/?dialog=" + dialogId)
                .contains("no operator is online");
        // Once per wait: the passes that follow send nothing more; another assistant's operator hears nothing.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> mailsTo(veraMail).size() == 1
                && mailsTo(olegMail).size() == 1 && mailsTo(strangerMail).isEmpty());
    }

    @Test
    void noAlertWhileAMemberIsOnlineAndOneOnceNobodyIs() {
        long assistantId = createAssistant(unique("Watched"));
        TestApi.Operator anna = createOperator("Anna", assistantId);
        TestApi.Operator boris = createOperator("Boris", assistantId);
        String annaMail = unique("anna") + "@example.com";
        as(anna.token()).body(Map.of("email", annaMail)).put("/api/account/email").then().statusCode(200);
        String connection = online(PresenceKeys.operator(boris.id()));

        long dialogId = openDialog(assistantId, "watched-guest");
        guestHandoff(assistantId, "watched-guest", dialogId);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> mailsTo(annaMail).isEmpty());

        // Boris's last connection closes (the socket node removes it): now nobody is online, and Anna hears of it.
        redis.sortedSet(String.class).zrem(PresenceKeys.operator(boris.id()), connection);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(annaMail).size() == 1);
        assertThat(body(mailsTo(annaMail).get(0))).contains("?dialog=" + dialogId);
    }

    // ---- the visitor's address and replies by email ----------------------------------------------------------

    @Test
    void anAwayVisitorGetsTheReplyByEmailAndTheirEmailReplyLandsInTheDialogOnce() throws Exception {
        long assistantId = createAssistant(unique("Florist"));
        TestApi.Operator op = createOperator("Irina", assistantId);
        long dialogId = openDialog(assistantId, "maria");
        String maria = unique("maria") + "@example.com";

        guest(assistantId, "maria").get("/api/widget/dialogs/" + dialogId + "/availability").then().statusCode(200)
                .body("operators_online", is(false)).body("email", nullValue()).body("email_enabled", is(true));
        guest(assistantId, "maria").body(Map.of("email", maria, "locale", "ru"))
                .put("/api/widget/dialogs/" + dialogId + "/email").then().statusCode(200).body("email", is(maria));
        guest(assistantId, "maria").get("/api/widget/dialogs/" + dialogId + "/availability").then().statusCode(200)
                .body("email", is(maria));

        takeOver(op.token(), dialogId);
        staffPost(op.token(), dialogId, Map.of("text", "Ваш букет доставят завтра к 10:00.")).then().statusCode(201);
        staffPost(op.token(), dialogId, Map.of("text", "Курьер позвонит заранее.")).then().statusCode(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> !mailsTo(maria).isEmpty());
        MimeMessage mail = mailsTo(maria).get(0);
        assertThat(subject(mail)).contains("ответ на ваш вопрос");
        assertThat(body(mail)).contains("Irina:").contains("Ваш букет доставят завтра к 10:00.")
                .contains("Курьер позвонит заранее.");
        String replyTo = ((InternetAddress) mail.getReplyTo()[0]).getAddress();
        assertThat(replyTo).matches("support\\+[0-9a-f]{40}@switchboard\\.test");
        // Both replies went in one mail, and nothing more follows.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> mailsTo(maria).size() == 1);

        // Maria answers from her mail program: her words above the quote, the quote below.
        String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
        MimeMessage reply = SupportMailbox.reply(maria, replyTo, messageId, "Спасибо! Буду дома.\n\n"
                + "6 дек. 2026 г., в 10:00, Shop support <" + replyTo + "> пишет:\n> " + body(mail).replace("\n", "\n> "));
        deliverToSupportMailbox(reply);
        await().atMost(Duration.ofSeconds(10)).until(() -> texts(assistantId, "maria", dialogId)
                .contains("Спасибо! Буду дома."));
        List<Map<String, Object>> messages = guestMessages(assistantId, "maria", dialogId);
        Map<String, Object> posted = messages.get(messages.size() - 1);
        assertThat(posted).containsEntry("sender", "user").containsEntry("text", "Спасибо! Буду дома.");

        // The same mail read again (delivered twice, or polled again after a crash): still one message.
        deliverToSupportMailbox(SupportMailbox.reply(maria, replyTo, messageId, "Спасибо! Буду дома."));
        await().atMost(Duration.ofSeconds(10)).until(this::supportInboxEmpty);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> supportInboxEmpty());
        assertThat(texts(assistantId, "maria", dialogId).stream().filter("Спасибо! Буду дома."::equals)).hasSize(1);
    }

    @Test
    void aReplyTokenPostsOnlyIntoItsOwnDialogAndAnUnknownOneNowhere() throws Exception {
        long assistantId = createAssistant(unique("Tokens"));
        TestApi.Operator op = createOperator("Tim", assistantId);
        long x = openDialog(assistantId, "guest-x");
        long y = openDialog(assistantId, "guest-y");
        String xMail = unique("x") + "@example.com";
        String yMail = unique("y") + "@example.com";
        guest(assistantId, "guest-x").body(Map.of("email", xMail)).put("/api/widget/dialogs/" + x + "/email").then().statusCode(200);
        guest(assistantId, "guest-y").body(Map.of("email", yMail)).put("/api/widget/dialogs/" + y + "/email").then().statusCode(200);
        // Guest Y cannot see or change X's address.
        guest(assistantId, "guest-y").get("/api/widget/dialogs/" + x + "/availability").then().statusCode(403);
        guest(assistantId, "guest-y").body(Map.of("email", "evil@example.com")).put("/api/widget/dialogs/" + x + "/email")
                .then().statusCode(403);
        takeOver(op.token(), x);
        staffPost(op.token(), x, Map.of("text", "Reply for X")).then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> !mailsTo(xMail).isEmpty());
        String xReplyTo = ((InternetAddress) mailsTo(xMail).get(0).getReplyTo()[0]).getAddress();
        assertThat(body(mailsTo(xMail).get(0))).contains("Reply for X").contains("You have a reply");

        // Sent by Y's address to X's token: it belongs to X's dialog, and only there.
        deliverToSupportMailbox(SupportMailbox.reply(yMail, xReplyTo, "<" + UUID.randomUUID() + "@m>", "Message via X's token"));
        // A made-up token and a plain mail to the support box: dropped.
        deliverToSupportMailbox(SupportMailbox.reply(yMail, "support+" + "0".repeat(40) + "@switchboard.test",
                "<" + UUID.randomUUID() + "@m>", "Guessed token"));
        deliverToSupportMailbox(SupportMailbox.reply(yMail, GreenMailResource.SUPPORT, "<" + UUID.randomUUID() + "@m>", "No token"));
        await().atMost(Duration.ofSeconds(10)).until(() -> texts(assistantId, "guest-x", x).contains("Message via X's token"));
        await().atMost(Duration.ofSeconds(10)).until(this::supportInboxEmpty);
        assertThat(texts(assistantId, "guest-y", y)).doesNotContain("Message via X's token", "Guessed token", "No token");
        assertThat(texts(assistantId, "guest-x", x)).doesNotContain("Guessed token", "No token");
    }

    @Test
    void anAutoReplyIsNotPosted() throws Exception {
        long assistantId = createAssistant(unique("Auto"));
        TestApi.Operator op = createOperator("Alla", assistantId);
        long d = openDialog(assistantId, "auto-guest");
        String mail = unique("auto") + "@example.com";
        guest(assistantId, "auto-guest").body(Map.of("email", mail)).put("/api/widget/dialogs/" + d + "/email").then().statusCode(200);
        takeOver(op.token(), d);
        staffPost(op.token(), d, Map.of("text", "Hello there")).then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> !mailsTo(mail).isEmpty());
        String replyTo = ((InternetAddress) mailsTo(mail).get(0).getReplyTo()[0]).getAddress();
        MimeMessage vacation = SupportMailbox.reply(mail, replyTo, "<" + UUID.randomUUID() + "@m>", "I am on vacation until Monday.");
        vacation.setHeader("Auto-Submitted", "auto-replied");
        deliverToSupportMailbox(vacation);
        await().atMost(Duration.ofSeconds(10)).until(this::supportInboxEmpty);
        assertThat(texts(assistantId, "auto-guest", d)).doesNotContain("I am on vacation until Monday.");
    }

    @Test
    void noMailWhileTheVisitorIsOnlineAndTheReplyFollowsOnceTheyLeave() {
        long assistantId = createAssistant(unique("Present"));
        TestApi.Operator op = createOperator("Petr", assistantId);
        long d = openDialog(assistantId, "present-guest");
        String mail = unique("present") + "@example.com";
        guest(assistantId, "present-guest").body(Map.of("email", mail)).put("/api/widget/dialogs/" + d + "/email")
                .then().statusCode(200);
        String connection = online(PresenceKeys.guest(d));
        takeOver(op.token(), d);
        staffPost(op.token(), d, Map.of("text", "Are you still there?")).then().statusCode(201);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> mailsTo(mail).isEmpty());

        // The widget closes without reading it (the socket node removes the connection): the reply is mailed.
        redis.sortedSet(String.class).zrem(PresenceKeys.guest(d), connection);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(mail).size() == 1);
        assertThat(body(mailsTo(mail).get(0))).contains("Are you still there?");
    }

    @Test
    void aReplyTheVisitorHasReadIsNotMailed() {
        long assistantId = createAssistant(unique("Read"));
        TestApi.Operator op = createOperator("Rita", assistantId);
        long d = openDialog(assistantId, "reading-guest");
        String mail = unique("reader") + "@example.com";
        guest(assistantId, "reading-guest").body(Map.of("email", mail)).put("/api/widget/dialogs/" + d + "/email")
                .then().statusCode(200);
        String connection = online(PresenceKeys.guest(d));
        takeOver(op.token(), d);
        long seq = staffPost(op.token(), d, Map.of("text", "Read this live")).then().statusCode(201)
                .extract().jsonPath().getLong("seq");
        guest(assistantId, "reading-guest").body(Map.of("seq", seq)).post("/api/widget/dialogs/" + d + "/read")
                .then().statusCode(200);
        redis.sortedSet(String.class).zrem(PresenceKeys.guest(d), connection);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> mailsTo(mail).isEmpty());
    }

    @Test
    void aVisitorsAddressIsSeenOnlyByTheirAssistantsOperatorsAndBadInputIsA400() {
        long mine = createAssistant(unique("Mine"));
        long theirs = createAssistant(unique("Theirs"));
        TestApi.Operator own = createOperator("Own", mine);
        TestApi.Operator other = createOperator("Other", theirs);
        long d = openDialog(mine, "private-guest");
        String mail = unique("private") + "@example.com";
        guest(mine, "private-guest").body(Map.of("email", "not an address")).put("/api/widget/dialogs/" + d + "/email")
                .then().statusCode(400).body("error", is("validation"));
        guest(mine, "private-guest").body(Map.of("email", mail)).put("/api/widget/dialogs/" + d + "/email")
                .then().statusCode(200);

        as(own.token()).get("/api/dialogs/" + d).then().statusCode(200).body("guest_context.email", is(mail));
        as(other.token()).get("/api/dialogs/" + d).then().statusCode(403);
        assertThat(as(other.token()).get("/api/dialogs?limit=500").then().statusCode(200).extract().asString())
                .doesNotContain(mail);
        // Operators' own addresses: admins only see the list; an operator's bad address is a 400.
        as(other.token()).get("/api/users/emails").then().statusCode(403);
        as(other.token()).body(Map.of("email", "nope")).put("/api/account/email").then().statusCode(400)
                .body("error", is("validation"));

        guest(mine, "private-guest").delete("/api/widget/dialogs/" + d + "/email").then().statusCode(204);
        guest(mine, "private-guest").get("/api/widget/dialogs/" + d + "/availability").then().statusCode(200)
                .body("email", nullValue());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static RequestSpecification guest(long assistantId, String guest) {
        return json().queryParam("assistant_id", assistantId).queryParam("guest_token", guestToken(assistantId, guest));
    }

    private static void guestHandoff(long assistantId, String guest, long dialogId) {
        guest(assistantId, guest).body(Map.of()).post("/api/widget/dialogs/" + dialogId + "/handoff")
                .then().statusCode(200).body("status", is("waiting_operator"));
    }

    /** One live connection in the layout the socket services write (PresenceKeys): lapses in a minute. */
    private String online(String key) {
        String member = "test-node:" + UUID.randomUUID();
        redis.sortedSet(String.class).zadd(key, System.currentTimeMillis() + 60_000, member);
        return member;
    }

    private static List<String> texts(long assistantId, String guest, long dialogId) {
        return guestMessages(assistantId, guest, dialogId).stream().map(m -> (String) m.get("text")).toList();
    }

    private static List<MimeMessage> mailsTo(String address) {
        return GreenMailResource.mailbox.mailsTo(address);
    }

    private boolean supportInboxEmpty() throws Exception {
        return GreenMailResource.mailbox.inboxEmpty();
    }

    private static void deliverToSupportMailbox(MimeMessage m) throws Exception {
        GreenMailResource.mailbox.deliver(m);
    }
}
