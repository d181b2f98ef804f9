package io.switchboard.api.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Email when nobody is online (prefix {@code switchboard.email}; the SMTP server itself is {@code quarkus.mailer.*}).
 * docs/operations.md lists every key.
 */
@ConfigMapping(prefix = "switchboard.email")
public interface EmailConfig {
    /** Off: no alert, no visitor mail, no inbound polling, and the widget never asks for an address. */
    @WithDefault("true")
    boolean enabled();

    /** A dialog waiting for an operator this long, with no member online, emails the assistant's members. */
    @WithDefault("PT5M")
    Duration waitingAlertAfter();

    /** How often the alert and the visitor mail jobs look for work. */
    @WithDefault("PT15S")
    Duration checkInterval();

    /**
     * An operator's reply goes to an away visitor this long after it was written, together with the replies written
     * meanwhile (one mail for a burst of replies).
     */
    @WithDefault("PT1M")
    Duration replyDelay();

    /** A visitor counts as gone once no widget of theirs has been connected for this long (page changes reconnect). */
    @WithDefault("PT1M")
    Duration visitorAwayAfter();

    /** Language of mails to operators without one of their own, and to visitors whose widget language is unknown. */
    @WithDefault("en")
    String defaultLocale();

    /** The dashboard's address in alert links; default: {@code switchboard.public.api-url} + {@code /admin/}. */
    Optional<String> dashboardUrl();

    /**
     * The support mailbox visitors reply to, e.g. {@code support@example.com}: mails to visitors carry
     * {@code Reply-To: support+<token>@example.com}, and the IMAP poller reads that mailbox. Default: the address of
     * {@code quarkus.mailer.from}.
     */
    Optional<String> replyAddress();

    /** Reading visitors' replies from the support mailbox. */
    Inbound inbound();

    interface Inbound {
        /** IMAP server of the support mailbox; without it replies by email are not read. */
        Optional<String> host();

        @WithDefault("993")
        int port();

        /** IMAP over TLS ({@code imaps}); false for plain IMAP (tests, a local relay). */
        @WithDefault("true")
        boolean ssl();

        Optional<String> username();

        Optional<String> password();

        @WithDefault("INBOX")
        String folder();

        @WithDefault("PT30S")
        Duration pollInterval();
    }
}
