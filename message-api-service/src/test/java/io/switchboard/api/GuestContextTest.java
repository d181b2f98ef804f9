package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.createOperator;
import static io.switchboard.api.TestApi.json;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.api.service.GuestContexts;
import io.switchboard.infra.EmbeddedInfraTestResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guest's context the widget sends on opening a dialog: stored, shown to the assistant's operators only. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class GuestContextTest {
    private static final String CHROME_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    private static long open(long assistantId, Map<String, Object> context) {
        Map<String, Object> body = new HashMap<>(Map.of("assistant_id", assistantId));
        if (context != null) {
            body.put("context", context);
        }
        return json().header("User-Agent", CHROME_UA).body(body).post("/api/widget/dialogs")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void operatorsOfTheAssistantSeeTheGuestsContextOnTheListAndTheDetail() {
        long assistantId = createAssistant(unique("ctx"));
        TestApi.Operator op = createOperator("Vera", assistantId);
        long dialogId = open(assistantId, Map.of("page_url", "https://shop.example.com/cart?item=7",
                "locale", "ru-RU", "name", "Мария", "email", "maria@example.com"));

        Map<String, Object> detail = as(op.token()).get("/api/dialogs/" + dialogId).then().statusCode(200)
                .extract().jsonPath().getMap("guest_context");
        assertThat(detail).containsEntry("page_url", "https://shop.example.com/cart?item=7")
                .containsEntry("locale", "ru-RU").containsEntry("name", "Мария")
                .containsEntry("email", "maria@example.com").containsEntry("browser", "Chrome 120 · Windows");
        List<Map<String, Object>> list = as(op.token()).get("/api/dialogs?assistant_id=" + assistantId)
                .then().statusCode(200).extract().jsonPath().getList("dialogs");
        assertThat(list).hasSize(1);
        assertThat(list.get(0)).containsEntry("id", (int) dialogId).containsKey("guest_label");
        assertThat(list.get(0).get("guest_context")).isEqualTo(detail);
    }

    @Test
    void anotherAssistantsOperatorCannotSeeTheContext() {
        long mine = createAssistant(unique("ctx-mine"));
        long theirs = createAssistant(unique("ctx-theirs"));
        TestApi.Operator other = createOperator("Oleg", theirs);
        long dialogId = open(mine, Map.of("page_url", "https://secret.example.com/account", "email", "vip@example.com"));

        as(other.token()).get("/api/dialogs/" + dialogId).then().statusCode(403)
                .body(org.hamcrest.Matchers.not(containsString("secret.example.com")));
        String list = as(other.token()).get("/api/dialogs?limit=500").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("secret.example.com").doesNotContain("vip@example.com");
        as(other.token()).get("/api/dialogs?assistant_id=" + mine).then().statusCode(403);
        // The admin (and the assistant's operators) do see it.
        as(admin()).get("/api/dialogs/" + dialogId).then().statusCode(200)
                .body("guest_context.email", is("vip@example.com"));
    }

    @Test
    void anOverLongUrlIsCutAndBadInputIsAClear400ThatOpensNothing() {
        long assistantId = createAssistant(unique("ctx-bad"));
        TestApi.Operator op = createOperator("Ira", assistantId);
        String longUrl = "https://shop.example.com/" + "a".repeat(5000);
        long dialogId = open(assistantId, Map.of("page_url", longUrl));
        String stored = as(op.token()).get("/api/dialogs/" + dialogId).then().statusCode(200)
                .extract().path("guest_context.page_url");
        assertThat(stored).hasSize(2048).isEqualTo(longUrl.substring(0, 2048));

        long fresh = createAssistant(unique("ctx-bad2"));
        TestApi.Operator op2 = createOperator("Ira2", fresh);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("page_url", "javascript:alert(1)"),
                Map.of("locale", "ru RU; drop table"),
                Map.of("name", "x".repeat(101)),
                Map.of("email", "not-an-email"))) {
            json().body(Map.of("assistant_id", fresh, "context", bad)).post("/api/widget/dialogs")
                    .then().statusCode(400).body("error", is("validation"))
                    .body("message", containsString("context."));
        }
        json().body(Map.of("assistant_id", fresh, "context", "https://x")).post("/api/widget/dialogs")
                .then().statusCode(400);
        assertThat(as(op2.token()).get("/api/dialogs?assistant_id=" + fresh).then().statusCode(200)
                .extract().jsonPath().getList("dialogs")).isEmpty();
    }

    @Test
    void adminsListAnAssistantsMembersOperatorsCannot() {
        long assistantId = createAssistant(unique("members"));
        TestApi.Operator op = createOperator("Nina", assistantId);
        long other = createAssistant(unique("members-other"));
        TestApi.Operator elsewhere = createOperator("Oleg", other);
        List<Map<String, Object>> members = as(admin()).get("/api/assistants/" + assistantId + "/members")
                .then().statusCode(200).extract().jsonPath().getList("members");
        assertThat(members).extracting(m -> m.get("username")).containsExactly(op.username());
        assertThat(as(admin()).get("/api/assistants/" + other + "/members").then().statusCode(200)
                .extract().jsonPath().getList("members.username")).containsExactly(elsewhere.username());
        assertThat(members.get(0)).containsEntry("display_name", "Nina").containsEntry("active", true);
        as(op.token()).get("/api/assistants/" + assistantId + "/members").then().statusCode(403);
        as(admin()).get("/api/assistants/987654321/members").then().statusCode(404)
                .body("error", is("assistant_not_found"));
    }

    @Test
    void theBrowserIsAShortNameFromTheUserAgent() {
        assertThat(GuestContexts.browser(CHROME_UA)).isEqualTo("Chrome 120 · Windows");
        assertThat(GuestContexts.browser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1")).isEqualTo("Safari 17 · iOS");
        assertThat(GuestContexts.browser("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"))
                .isEqualTo("Firefox 121 · Linux");
        assertThat(GuestContexts.browser(null)).isNull();
    }
}
