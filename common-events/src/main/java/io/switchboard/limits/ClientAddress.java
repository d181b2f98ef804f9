package io.switchboard.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for per-address limits. The peer of the TCP connection, unless that peer is one of
 * the configured trusted proxies ({@code switchboard.trusted-proxies}: addresses or CIDR ranges); then the
 * {@code X-Forwarded-For} chain is walked from the right, skipping trusted proxies, and the first address that
 * is not one is the client. A header from anyone else is ignored, so a client cannot pick its own address.
 * IPv6 clients are keyed by their /64, the block one subscriber usually gets.
 */
public final class ClientAddress {
    private static final Pattern IP_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Cidr> trusted;

    private ClientAddress(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /**
     * The resolver for these trusted proxies ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}; {@code none}
     * or empty for none).
     *
     * @throws IllegalArgumentException naming an entry that is not an address or CIDR range
     */
    public static ClientAddress trusting(List<String> proxies) {
        List<Cidr> out = new ArrayList<>();
        for (String p : proxies == null ? List.<String>of() : proxies) {
            String t = p == null ? "" : p.trim();
            if (t.isEmpty() || t.equalsIgnoreCase("none")) {
                continue;
            }
            out.add(Cidr.parse(t));
        }
        return new ClientAddress(List.copyOf(out));
    }

    /** True when at least one proxy is trusted. */
    public boolean trustsProxies() {
        return !trusted.isEmpty();
    }

    /**
     * The client's key: its address (IPv6 cut to its /64), or {@code unknown}.
     *
     * @param peer          the TCP peer's address (with or without {@code :port}, {@code [v6]:port})
     * @param forwardedFor  the {@code X-Forwarded-For} header, or null
     */
    public String resolve(String peer, String forwardedFor) {
        InetAddress current = parse(stripPort(peer));
        if (current == null && peer != null && peer.lastIndexOf(':') > 0) {
            // host:port with an IPv6 host and no brackets, as Vert.x prints a socket address
            current = parse(peer.trim().substring(0, peer.trim().lastIndexOf(':')));
        }
        if (current == null) {
            return "unknown";
        }
        if (forwardedFor != null && isTrusted(current)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = parse(stripPort(hops[i].trim()));
                if (hop == null) {
                    break;
                }
                current = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return key(current);
    }

    private boolean isTrusted(InetAddress a) {
        for (Cidr c : trusted) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    static String key(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return a.getHostAddress();
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return s.append(":/64").toString();
    }

    static String stripPort(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            return end > 0 ? t.substring(1, end) : null;
        }
        int colon = t.indexOf(':');
        if (colon > 0 && colon == t.lastIndexOf(':')) {
            return t.substring(0, colon);
        }
        return t;
    }

    /** A literal IPv4 or IPv6 address, never a DNS lookup; null when the text is not one. */
    static InetAddress parse(String s) {
        if (s == null || s.isEmpty() || !IP_CHARS.matcher(s).matches() || (s.indexOf(':') < 0 && s.indexOf('.') < 0)) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(s);
            if (a instanceof java.net.Inet6Address v6 && isMappedV4(v6.getAddress())) {
                byte[] b = v6.getAddress();
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            return a;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            InetAddress a = ClientAddress.parse(parts[0].trim());
            if (a == null) {
                throw new IllegalArgumentException("trusted proxy '" + text + "' is not an IP address or CIDR range"
                        + " (e.g. 10.0.0.0/8, 127.0.0.1, ::1)");
            }
            int max = a.getAddress().length * 8;
            int bits = max;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1].trim());
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("trusted proxy '" + text + "': the prefix length must be 0.."
                            + max);
                }
            }
            return new Cidr(a.getAddress(), bits);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s/%d", network.length, bits);
        }
    }
}
