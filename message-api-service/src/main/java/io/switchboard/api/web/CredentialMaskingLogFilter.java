package io.switchboard.api.web;

import io.quarkus.logging.LoggingFilter;
import io.switchboard.logging.CredentialMaskingFilter;

/**
 * message-api's credential masking of every log line ({@link CredentialMaskingFilter}): tokens, tickets, passwords,
 * site and guest tokens never reach a log in clear.
 */
@LoggingFilter(name = "switchboard-credential-mask")
public final class CredentialMaskingLogFilter extends CredentialMaskingFilter {
}
