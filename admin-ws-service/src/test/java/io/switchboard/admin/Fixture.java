package io.switchboard.admin;

import io.switchboard.socket.testkit.TestDb;
import io.switchboard.socket.testkit.Tokens;
import java.util.UUID;

/** One assistant with an operator, a guest dialog, and that operator's token. */
record Fixture(long assistantId, long operatorId, String operatorToken, long dialogId) {

    static Fixture create() {
        long assistant = TestDb.assistant();
        long operator = TestDb.user("operator");
        TestDb.member(assistant, operator);
        long dialog = TestDb.dialog(assistant, "guest-" + UUID.randomUUID());
        return new Fixture(assistant, operator, Tokens.user(operator, "operator"), dialog);
    }

    String dialogPath() {
        return "/ws/dialogs/" + dialogId + "?token=" + operatorToken;
    }
}
