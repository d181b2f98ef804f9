package io.switchboard.logging;

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

    @Test
    void aLineWithoutAnyCredentialWordIsReturnedAsTheSameString() {
        String text = "connection accepted transport=ws endpoint=admin-dialog identity=operator:5 dialog=17";

        assertThat(CredentialMasking.mask(text)).isSameAs(text);
        assertThat(CredentialMasking.hasMarker(text)).isFalse();
    }

    @Test
    void credentialWordsInAnyCaseStillGetMasked() {
        assertThat(CredentialMasking.mask("/ws?TOKEN=abc&Ticket%3Dxyz")).isEqualTo("/ws?TOKEN=***&Ticket%3D***");
        assertThat(CredentialMasking.mask("Authorization: BEARER abc.def")).isEqualTo("Authorization: BEARER ***");
        assertThat(CredentialMasking.mask("PassWord=hunter2")).isEqualTo("PassWord=***");
    }

    @Test
    void guestAndSiteTokensAreMaskedInQueriesInFreeTextAndAsJsonFields() {
        assertThat(CredentialMasking.mask("/ws/widget/dialogs/3?assistant_id=1&guest_token=gt_s3cret&after_seq=2"))
                .isEqualTo("/ws/widget/dialogs/3?assistant_id=1&guest_token=***&after_seq=2");
        assertThat(CredentialMasking.mask("opened dialog 3 guest_token=gt_s3cret site_token=st_x"))
                .isEqualTo("opened dialog 3 guest_token=*** site_token=***");
        String json = "{\"dialog_id\": 3, \"guest_token\": \"gt_s3\\\"cret\", \"site_token\":\"st_x\", \"password\": \"p\"}";
        assertThat(CredentialMasking.mask(json))
                .isEqualTo("{\"dialog_id\": 3, \"guest_token\": \"***\", \"site_token\":\"***\", \"password\": \"***\"}");
        assertThat(CredentialMasking.containsCredential(json)).isTrue();
    }
}
