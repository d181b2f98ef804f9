package io.switchboard.systemtests;

import static io.switchboard.launcher.ServiceSpec.ADMIN_WS;
import static io.switchboard.launcher.ServiceSpec.MESSAGE_API;
import static io.switchboard.launcher.ServiceSpec.WIDGET_WS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.launcher.LocalSystem;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is the truth: while it is down nothing can be committed, and every writer is told so
 * clearly; the open screens stay connected, and when it comes back the connection pools recover on their
 * own and every screen catches up.
 */
class PostgresOutageIT {

    @Test
    void whilePostgresIsDownWritesAre503JsonOpenScreensStayAndAllRecoverWithoutARestart() {
        LocalSystem system = FaultSystem.get();
        Scenario s = new Scenario(system, "pg-outage");
        try (DialogScreens screens = DialogScreens.open(s)) {
            for (int i = 1; i <= 5; i++) {
                s.guestPost("before the outage " + i);
            }
            screens.assertEveryScreenShowsExactlyOnceInOrder(5, Duration.ofSeconds(10));

            system.postgres().stop();
            try {
                long t0 = System.nanoTime();
                Api.Answer guest = s.api.call("POST", "/api/widget/dialogs/" + s.dialogId + "/messages?" + s.guestQuery(),
                        null, Map.of("text", "during the outage"));
                assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until the guest is told").isLessThan(10_000);
                assertThat(guest.status()).isEqualTo(503);
                assertThat(guest.body().path("error").asText()).isEqualTo("database_unavailable");
                assertThat(guest.body().path("message").asText()).isNotBlank();
                Api.Answer operator = s.api.call("POST", "/api/dialogs/" + s.dialogId + "/messages", s.operator.token(),
                        Map.of("text", "operator during the outage"));
                assertThat(operator.status()).isEqualTo(503);
                assertThat(operator.body().path("error").asText()).isEqualTo("database_unavailable");
                assertThat(s.api.call("GET", "/api/dialogs/" + s.dialogId + "/messages?after_seq=0", s.operator.token(), null)
                        .status()).isEqualTo(503);

                // A new connection needs PostgreSQL for its access check: a clear "try again later", not a 1006.
                try (WsProbe late = s.widgetSocket(5)) {
                    await().atMost(Duration.ofSeconds(15)).until(late::isClosed);
                    assertThat(late.closeCodeNow()).as("close reason: %s", late.closeReason).isEqualTo(1013);
                    assertThat(late.closeReason).contains("reconnect");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> Ops.readiness(system.url(MESSAGE_API)) == 503
                        && Ops.readiness(system.url(WIDGET_WS)) == 503);
                // Several sweeps fail meanwhile; the open screens stay connected through them.
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !screens.widget.isClosed()
                        && !screens.operatorDialog.isClosed() && !screens.operatorUser.isClosed());
            } finally {
                system.postgres().start();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> s.api.call("GET", "/api/dialogs/" + s.dialogId
                    + "/messages?after_seq=0", s.operator.token(), null).status() == 200);
            for (int i = 6; i <= 10; i++) {
                s.guestPost("after the outage " + i);
            }
            screens.assertEveryScreenShowsExactlyOnceInOrder(10, Duration.ofSeconds(20));
            screens.assertNoScreenWasDisconnected();
            await().atMost(Duration.ofSeconds(20)).until(() -> Ops.readiness(system.url(MESSAGE_API)) == 200
                    && Ops.readiness(system.url(ADMIN_WS)) == 200 && Ops.readiness(system.url(WIDGET_WS)) == 200);
            try (WsProbe fresh = s.widgetSocket(0)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> fresh.seqs(s.dialogId).size() == 10);
            }
        }
    }
}
