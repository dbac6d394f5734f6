package dev.mirrorpilot.policy.readiness;

/** IPv4 CIDR arithmetic for security group rules; anything unparsable matches nothing. */
final class Cidr {
    private Cidr() {
    }

    /** Whether {@code cidr} contains the address. */
    static boolean contains(String cidr, String address) {
        long[] block = parse(cidr);
        long ip = ip(address);
        return block != null && ip >= 0 && (ip & mask((int) block[1])) == block[0];
    }

    /** Whether {@code outer} contains every address of {@code inner}. */
    static boolean covers(String outer, String inner) {
        long[] a = parse(outer);
        long[] b = parse(inner);
        return a != null && b != null && a[1] <= b[1] && (b[0] & mask((int) a[1])) == a[0];
    }

    private static long[] parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return null;
        }
        try {
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            long ip = ip(cidr.substring(0, slash));
            if (bits < 0 || bits > 32 || ip < 0) {
                return null;
            }
            return new long[] {ip & mask(bits), bits};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long ip(String text) {
        var parts = text.trim().split("\\.");
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (var part : parts) {
            try {
                int octet = Integer.parseInt(part);
                if (octet < 0 || octet > 255) {
                    return -1;
                }
                value = (value << 8) | octet;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return value;
    }

    private static long mask(int bits) {
        return bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    }
}
