package io.switchboard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Everyone who watches one dialog, each over its own transport: the operator's dialog socket, the
 * operator's user-level socket (dialog list, notifications, and the dialog subscribed by frame), the
 * guest's widget socket and the guest's SSE stream. Fault tests check that every one of them ends with
 * every committed message exactly once, in seq order.
 */
final class DialogScreens implements AutoCloseable {
    final Scenario scenario;
    final WsProbe operatorDialog;
    final WsProbe operatorUser;
    final WsProbe widget;
    final SseProbe widgetSse;

    private DialogScreens(Scenario s) {
        scenario = s;
        operatorDialog = s.operatorDialogSocket(0);
        operatorUser = WsProbe.open(s.adminWs() + "/ws?ticket=" + s.api.ticket(s.operator.token()));
        widget = s.widgetSocket(0);
        widgetSse = s.widgetSse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !operatorUser.ofType("connected").isEmpty());
        operatorUser.send("{\"type\":\"subscribe\",\"dialog_id\":" + s.dialogId + ",\"after_seq\":0}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !operatorDialog.ofType("subscribed").isEmpty()
                && !operatorUser.ofType("subscribed").isEmpty() && !widget.ofType("subscribed").isEmpty()
                && widgetSse.lines.stream().anyMatch(l -> l.contains("\"type\":\"subscribed\"")));
    }

    /** Opens the four screens and waits until each follows the dialog. */
    static DialogScreens open(Scenario s) {
        return new DialogScreens(s);
    }

    /**
     * Waits until every screen shows every seq the dialog has in PostgreSQL, then asserts each shows
     * exactly those, once, in order; returns that last seq.
     */
    long assertEveryScreenShowsEveryCommittedMessageOnceInOrder(Duration within) {
        long total = scenario.lastSeq();
        assertEveryScreenShowsExactlyOnceInOrder(total, within);
        return total;
    }

    /** Waits until every screen shows seqs 1..total, then asserts each shows exactly those, once, in order. */
    void assertEveryScreenShowsExactlyOnceInOrder(long total, Duration within) {
        long dialog = scenario.dialogId;
        await().atMost(within).until(() -> operatorDialog.seqs(dialog).size() >= total
                && operatorUser.seqs(dialog).size() >= total && widget.seqs(dialog).size() >= total
                && widgetSse.seqs().size() >= total);
        List<Long> all = LongStream.rangeClosed(1, total).boxed().toList();
        assertThat(operatorDialog.seqs(dialog)).as("operator dialog socket").containsExactlyElementsOf(all);
        assertThat(operatorUser.seqs(dialog)).as("operator user socket").containsExactlyElementsOf(all);
        assertThat(widget.seqs(dialog)).as("widget socket").containsExactlyElementsOf(all);
        assertThat(widgetSse.seqs()).as("widget SSE").containsExactlyElementsOf(all);
    }

    /** No screen was disconnected: the fault was absorbed by the services. */
    void assertNoScreenWasDisconnected() {
        assertThat(operatorDialog.closeCodeNow()).as("operator dialog socket close (%s)", operatorDialog.closeReason).isNull();
        assertThat(operatorUser.closeCodeNow()).as("operator user socket close (%s)", operatorUser.closeReason).isNull();
        assertThat(widget.closeCodeNow()).as("widget socket close (%s)", widget.closeReason).isNull();
        assertThat(widgetSse.lines).noneMatch(l -> l.startsWith(": closed"));
    }

    /** The newest {@code dialog:update} of this dialog a socket received, if any. */
    static Optional<JsonNode> lastDialogUpdate(WsProbe probe, long dialogId) {
        List<JsonNode> updates = probe.ofType("dialog:update").stream()
                .filter(u -> u.path("dialog_id").asLong() == dialogId).toList();
        return updates.isEmpty() ? Optional.empty() : Optional.of(updates.get(updates.size() - 1).path("dialog"));
    }

    @Override
    public void close() {
        operatorDialog.close();
        operatorUser.close();
        widget.close();
        widgetSse.close();
    }
}
