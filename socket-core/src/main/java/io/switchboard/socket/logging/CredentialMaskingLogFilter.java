package io.switchboard.socket.logging;

import io.quarkus.logging.LoggingFilter;
import io.switchboard.logging.CredentialMaskingFilter;

/** The socket services' credential masking of every log line ({@link CredentialMaskingFilter}). */
@LoggingFilter(name = "switchboard-credential-mask")
public final class CredentialMaskingLogFilter extends CredentialMaskingFilter {
}
