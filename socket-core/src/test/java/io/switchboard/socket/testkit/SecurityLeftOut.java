package io.switchboard.socket.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * What socket-core's {@code META-INF/microprofile-config.properties} leaves out of a socket service
 * ({@code quarkus.arc.exclude-types}: Quarkus security's identity beans and interceptors), checked from inside a
 * running service (a {@code @QuarkusTest}).
 */
public final class SecurityLeftOut {
    private static final List<Class<? extends Annotation>> SECURITY = List.of(RolesAllowed.class, PermitAll.class,
            DenyAll.class, Authenticated.class, PermissionsAllowed.class);

    private SecurityLeftOut() {
    }

    /**
     * No identity association (websockets-next would keep every socket's upgrade request, ~2.9 KB of heap per idle
     * socket), and no bean of the service relies on Quarkus security's annotations, whose interceptors are left out
     * with it: such an annotation would not be enforced.
     */
    public static void check() {
        assertThat(Arc.container().select(CurrentIdentityAssociation.class).isResolvable())
                .as("a CurrentIdentityAssociation bean (websockets-next would keep every upgrade request)").isFalse();
        List<String> found = new ArrayList<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (!type.getName().startsWith("io.switchboard.")) {
                continue;
            }
            securityOn(type, type.getName(), found);
            for (Method m : type.getDeclaredMethods()) {
                securityOn(m, type.getName() + "." + m.getName(), found);
            }
        }
        assertThat(found).as("security annotations in a socket service: Quarkus security's interceptors are left out"
                + " (socket-core's microprofile-config.properties), so they would not be enforced; check the"
                + " credential in the endpoint (JwtVerifier) instead").isEmpty();
    }

    private static void securityOn(AnnotatedElement element, String where, List<String> found) {
        for (Class<? extends Annotation> a : SECURITY) {
            if (element.isAnnotationPresent(a)) {
                found.add("@" + a.getSimpleName() + " on " + where);
            }
        }
    }
}
