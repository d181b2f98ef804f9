package io.switchboard.socket.logging;

import io.quarkus.logging.LoggingFilter;
import io.switchboard.logging.CredentialMaskingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/** The socket services' credential masking of every log line ({@link CredentialMaskingFilter}). */
@LoggingFilter(name = "switchboard-credential-mask")
public final class CredentialMaskingLogFilter implements Filter {
    // Quarkus wants the annotated class final and implementing Filter itself: it delegates.
    private final CredentialMaskingFilter masking = new CredentialMaskingFilter();

    @Override
    public boolean isLoggable(LogRecord record) {
        return masking.isLoggable(record);
    }
}
