package io.switchboard.api.email;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Reply-To of a mail to a visitor, {@code <mailbox>+<token>@<domain>} of the support mailbox, and the way back:
 * the token in the recipients of a reply. The token is 40 random hex digits stored with the visitor's address
 * ({@code guest_emails.reply_token}), so it can be neither guessed nor derived from a dialog id.
 */
@ApplicationScoped
public class ReplyAddresses {
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{40}");

    @Inject
    EmailConfig config;

    /** {@code support@example.com} split in two; empty when neither a reply address nor a sender is configured. */
    Optional<String[]> mailbox() {
        Optional<String> configured = config.replyAddress()
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.mailer.from", String.class));
        return configured.flatMap(ReplyAddresses::bare).map(a -> {
            int at = a.lastIndexOf('@');
            return new String[] {a.substring(0, at), a.substring(at + 1)};
        });
    }

    /** The address a visitor's reply goes to, or empty without a support mailbox. */
    public Optional<String> forToken(String token) {
        return mailbox().map(m -> m[0] + "+" + token + "@" + m[1]);
    }

    /** The reply token among {@code addresses} sent to the support mailbox, if any. */
    public Optional<String> tokenIn(Iterable<String> addresses) {
        Optional<String[]> box = mailbox();
        if (box.isEmpty()) {
            return Optional.empty();
        }
        Pattern ours = Pattern.compile(Pattern.quote(box.get()[0]) + "\\+([0-9A-Fa-f]{40})@" + Pattern.quote(box.get()[1]),
                Pattern.CASE_INSENSITIVE);
        for (String raw : addresses) {
            Optional<String> bare = bare(raw);
            if (bare.isPresent()) {
                Matcher m = ours.matcher(bare.get());
                if (m.matches() && TOKEN.matcher(m.group(1).toLowerCase(Locale.ROOT)).matches()) {
                    return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }

    /** The bare {@code local@domain} of {@code "Name <local@domain>"} or of a plain address. */
    static Optional<String> bare(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        try {
            String a = new InternetAddress(address.trim(), false).getAddress();
            return a != null && a.indexOf('@') > 0 ? Optional.of(a) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    static String text(Address a) {
        return a instanceof InternetAddress ia ? ia.getAddress() : a.toString();
    }
}
