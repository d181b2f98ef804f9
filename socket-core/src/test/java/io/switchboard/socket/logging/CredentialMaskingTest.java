package io.switchboard.socket.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialMaskingTest {

    @Test
    void everyCredentialInAQueryIsMaskedAndTheRestIsKept() {
        String masked = CredentialMasking.mask(
                "/ws/dialogs/5?token=eyJhbGc.eyJzdWIi.sig&after_seq=4&ticket=abc123&site_token=st_secret&guest_id=g1");

        assertThat(masked).isEqualTo("/ws/dialogs/5?token=***&after_seq=4&ticket=***&site_token=***&guest_id=g1");
    }

    @Test
    void bearerHeadersAndAccessTokensInFreeTextAreMasked() {
        String masked = CredentialMasking.mask("GET /x Authorization: Bearer eyJabc.def access_token=zzz password=p");

        assertThat(masked).doesNotContain("eyJabc", "zzz", "=p").contains("Bearer ***", "access_token=***");
    }

    @Test
    void textWithoutCredentialsIsUntouched() {
        String text = "connection closed endpoint=widget dialog=5 code=4403 tokens=3";
        assertThat(CredentialMasking.mask(text)).isEqualTo(text);
        assertThat(CredentialMasking.containsCredential("guest_id=g1&assistant_id=3")).isFalse();
    }
}
