package io.switchboard.api.auth;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.RepositoryKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start without signing and verification keys, and in the prod profile with a key published in the
 * repository ({@link RepositoryKeys}), so a production deployment that forgot its
 * secrets fails at once with a clear message instead of answering every login with a 500.
 */
@ApplicationScoped
public class JwtKeyCheck {
    void check(@Observes StartupEvent ev) {
        Config config = ConfigProvider.getConfig();
        boolean signKey = present(config, "smallrye.jwt.sign.key.location") || present(config, "smallrye.jwt.sign.key");
        boolean verifyKey = present(config, "mp.jwt.verify.publickey.location") || present(config, "mp.jwt.verify.publickey");
        if (!signKey || !verifyKey) {
            throw new IllegalStateException("JWT keys are not configured: set SMALLRYE_JWT_SIGN_KEY_LOCATION (or"
                    + " SMALLRYE_JWT_SIGN_KEY) to the RS256 private key and MP_JWT_VERIFY_PUBLICKEY_LOCATION (or"
                    + " MP_JWT_VERIFY_PUBLICKEY) to its public key");
        }
        if (io.quarkus.runtime.configuration.ConfigUtils.isProfileActive("prod")) {
            RepositoryKeys.refuseIfPublished("SMALLRYE_JWT_SIGN_KEY(_LOCATION)",
                    config.getOptionalValue("smallrye.jwt.sign.key", String.class),
                    config.getOptionalValue("smallrye.jwt.sign.key.location", String.class));
            RepositoryKeys.refuseIfPublished("MP_JWT_VERIFY_PUBLICKEY(_LOCATION)",
                    config.getOptionalValue("mp.jwt.verify.publickey", String.class),
                    config.getOptionalValue("mp.jwt.verify.publickey.location", String.class));
        }
    }

    private static boolean present(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank()).isPresent();
    }
}
