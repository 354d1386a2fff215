package com.verdictdigest.system;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * What rate limits count per client: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber line or one host gets a whole /64 and can pick any address in it at will). The
 * address itself is the real client's once the trusted proxies' forwarded headers are applied
 * ({@code verdict.web.trusted-proxies}).
 */
public final class ClientAddresses {

    private ClientAddresses() {
    }

    /** The key a rate limit counts under; {@code "?"} for a missing address. */
    public static String rateKey(String address) {
        if (address == null || address.isBlank()) {
            return "?";
        }
        String a = address.strip();
        if (a.indexOf(':') < 0) {
            return a;
        }
        try {
            // A literal: no lookup happens for an address with ':' (getByName parses it).
            InetAddress parsed = InetAddress.getByName(a.startsWith("[") ? a.substring(1, a.length() - 1) : a);
            if (parsed instanceof Inet6Address v6) {
                byte[] b = v6.getAddress();
                return HexFormat.of().formatHex(b, 0, 8) + "::/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return a;
        }
    }
}
