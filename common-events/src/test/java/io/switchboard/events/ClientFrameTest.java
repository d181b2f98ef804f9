package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientFrameTest {

    @Test
    void subscribeFrameIsParsed() {
        ClientFrame f = ClientFrame.decode("{\"type\":\"subscribe\",\"dialog_id\":1,\"after_seq\":40}");
        assertThat(f).isEqualTo(new ClientFrame("subscribe", 1L, 40L, null, null));
    }

    @Test
    void eachMissingFieldIsNamed() {
        assertThatThrownBy(() -> ClientFrame.decode("{\"type\":\"subscribe\"}"))
                .hasMessage("subscribe frame needs a numeric \"dialog_id\"");
        assertThatThrownBy(() -> ClientFrame.decode("{\"type\":\"read\",\"dialog_id\":1}"))
                .hasMessage("read frame needs a numeric \"seq\"");
        assertThatThrownBy(() -> ClientFrame.decode("{\"type\":\"typing\",\"dialog_id\":1}"))
                .hasMessage("typing frame needs \"state\": true or false");
        assertThatThrownBy(() -> ClientFrame.decode("{\"type\":\"dance\"}"))
                .hasMessageStartingWith("unknown frame type \"dance\"");
        assertThatThrownBy(() -> ClientFrame.decode("{\"type\":\"subscribe\",\"dialog_id\":\"7\"}"))
                .hasMessage("\"dialog_id\" must be a whole number");
        assertThatThrownBy(() -> ClientFrame.decode("not json"))
                .isInstanceOf(MalformedEventException.class).hasMessageStartingWith("frame is not valid JSON");
    }
}
