package io.switchboard.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Last line of defence: rewrites any log record whose text carries a credential (a query string
 * logged by a library at debug level, an exception message with a URL) before a handler prints it.
 * Every service registers it under the name {@code switchboard-credential-mask}
 * ({@code quarkus.log.console.filter=switchboard-credential-mask}).
 */
public class CredentialMaskingFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String text;
        if (record instanceof ExtLogRecord ext) {
            text = ext.getFormattedMessage();
            if (CredentialMasking.containsCredential(text)) {
                ext.setMessage(CredentialMasking.mask(text), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else {
            text = record.getMessage();
            if (CredentialMasking.containsCredential(text)) {
                record.setMessage(CredentialMasking.mask(text));
            }
            Object[] params = record.getParameters();
            if (params != null) {
                for (int i = 0; i < params.length; i++) {
                    if (params[i] instanceof CharSequence s && CredentialMasking.containsCredential(s.toString())) {
                        params[i] = CredentialMasking.mask(s.toString());
                    }
                }
            }
        }
        return true;
    }
}
