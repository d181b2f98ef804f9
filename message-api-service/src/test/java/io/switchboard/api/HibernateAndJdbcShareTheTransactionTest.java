package io.switchboard.api;

import static io.switchboard.api.TestApi.admin;
import static io.switchboard.api.TestApi.as;
import static io.switchboard.api.TestApi.createAssistant;
import static io.switchboard.api.TestApi.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.infra.EmbeddedInfraTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM and the plain-JDBC repositories use the one Agroal datasource: inside a JTA transaction the JDBC
 * statement runs on the connection Hibernate wrote on (it sees the uncommitted entity row), and both commit or roll
 * back together. The endpoint's URL points nowhere reachable and no delivery is awaited: only the rows matter.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfraTestResource.class, restrictToAnnotatedClass = false)
class HibernateAndJdbcShareTheTransactionTest {
    @Inject
    SharedTransactionProbe probe;

    @Test
    void aPanacheEntityAndAPlainJdbcWriteSeeEachOtherAndCommitTogether() {
        long assistantId = createAssistant(unique("shared-tx"));
        assertThat(probe.persistAndFanOut(assistantId, "http://127.0.0.1:9/none", false))
                .as("JDBC saw the endpoint Hibernate inserted in the same transaction").isEqualTo(1);
        as(admin()).get("/api/assistants/" + assistantId + "/webhooks").then().statusCode(200)
                .body("endpoints.size()", is(1));
        as(admin()).get("/api/assistants/" + assistantId + "/webhook-deliveries").then().statusCode(200)
                .body("deliveries.size()", is(1));
    }

    @Test
    void aRollbackUndoesBothTheEntityAndTheJdbcRow() {
        long assistantId = createAssistant(unique("shared-tx"));
        assertThatThrownBy(() -> probe.persistAndFanOut(assistantId, "http://127.0.0.1:9/none", true))
                .hasMessageContaining("roll back both");
        as(admin()).get("/api/assistants/" + assistantId + "/webhooks").then().statusCode(200)
                .body("endpoints.size()", is(0));
        as(admin()).get("/api/assistants/" + assistantId + "/webhook-deliveries").then().statusCode(200)
                .body("deliveries.size()", is(0));
    }
}
