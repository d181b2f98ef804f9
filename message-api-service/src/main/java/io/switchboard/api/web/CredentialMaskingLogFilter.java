package io.switchboard.api.web;

import io.quarkus.logging.LoggingFilter;
import io.switchboard.logging.CredentialMaskingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * message-api's credential masking of every log line ({@link CredentialMaskingFilter}): tokens, tickets, passwords,
 * site and guest tokens never reach a log in clear.
 */
@LoggingFilter(name = "switchboard-credential-mask")
public final class CredentialMaskingLogFilter implements Filter {
    // Quarkus wants the annotated class final and implementing Filter itself: it delegates.
    private final CredentialMaskingFilter masking = new CredentialMaskingFilter();

    @Override
    public boolean isLoggable(LogRecord record) {
        return masking.isLoggable(record);
    }
}
