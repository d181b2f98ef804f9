package io.switchboard.bench.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The bench sends load only to this machine: every target URL must name a loopback address.
 * {@code localhost} is rewritten to {@code 127.0.0.1} so that no resolver picks another address.
 */
public final class LoopbackGuard {
    private LoopbackGuard() {
    }

    /** The URL with {@code localhost} replaced; fails when its host is not a loopback address. */
    public static String require(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("not an absolute URL: " + url);
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalArgumentException("the bench only targets this machine (loopback addresses); "
                            + host + " resolves to " + a.getHostAddress());
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + url, e);
        }
        if ("localhost".equalsIgnoreCase(host)) {
            return url.replaceFirst("(?i)//localhost", "//127.0.0.1");
        }
        return url;
    }
}
