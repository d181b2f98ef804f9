package io.switchboard.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Last line of defence: rewrites any log record whose text carries a credential (a query string
 * logged by a library at debug level, an exception message with a URL) before a handler prints it.
 * Every service uses it by its name ({@code quarkus.log.console.filter=switchboard-credential-mask}); Quarkus finds
 * it in this jar through {@code META-INF/beans.xml}, which makes the jar part of the services' index.
 */
@LoggingFilter(name = "switchboard-credential-mask")
public final class CredentialMaskingFilter implements Filter {

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
