package io.switchboard.api.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a webhook may be sent (the SSRF guard). An endpoint URL is an absolute {@code http://} or {@code https://} URL;
 * unless {@code switchboard.webhooks.allow-private-targets} is set (the dev and test profiles set it, their receivers
 * are local), every address its host resolves to must be a public unicast address: not loopback, not link-local
 * (which holds the cloud metadata address 169.254.169.254), not a private range (10/8, 172.16/12, 192.168/16,
 * 100.64/10, fc00::/7), not the unspecified or a multicast address. It is checked when an endpoint is created or
 * changed and again before every delivery, since DNS may change; the delivery then connects to the very address
 * that was checked.
 */
public final class WebhookTargets {
    /** Why a URL or its address is refused, with the error code the API answers. */
    public static final class Refused extends Exception {
        private final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Resolves host names; a seam so a test can make a name point elsewhere. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private WebhookTargets() {
    }

    /** The parsed URL when it is an absolute http(s) URL with a host. */
    public static URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Refused("validation", "url is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new Refused("validation", "url must be an absolute http:// or https:// URL, e.g."
                    + " https://bot.example.com/switchboard.");
        }
        return uri;
    }

    /**
     * The address to connect to for {@code uri}: the first one its host resolves to, after every one of them passed
     * the guard (a name with one public and one private address is refused as a whole). With {@code allowPrivate}
     * nothing is checked and nothing resolved here: {@code null}, the HTTP client resolves the name itself.
     */
    public static InetAddress vet(URI uri, boolean allowPrivate, Resolver resolver) throws Refused {
        if (allowPrivate) {
            return null;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] all;
        try {
            all = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("webhook_host_unresolved", "The host " + host + " of the webhook URL does not resolve.");
        }
        for (InetAddress a : all) {
            if (!isPublic(a)) {
                throw new Refused("webhook_target_private", "The webhook URL's host " + host + " resolves to "
                        + a.getHostAddress() + ", a loopback, link-local, private or metadata address; webhooks"
                        + " go to public addresses only (switchboard.webhooks.allow-private-targets=true lifts"
                        + " this for a private network).");
            }
        }
        return all[0];
    }

    /** A public unicast address: none of loopback, link-local, private, shared (CGNAT), unique-local, any, multicast. */
    public static boolean isPublic(InetAddress a) {
        if (a instanceof Inet6Address v6 && isMappedV4(v6.getAddress())) {
            byte[] b = v6.getAddress();
            try {
                return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException impossible) {
                return false;
            }
        }
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0                                    // "this network"
                    && !(first == 100 && second >= 64 && second < 128)  // shared address space (CGNAT)
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && first < 240;                              // reserved and broadcast
        }
        return (b[0] & 0xfe) != 0xfc;                            // fc00::/7 unique local
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
