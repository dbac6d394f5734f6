package dev.mirrorpilot.policy.config;

import java.util.OptionalInt;

/** How the VXLAN network identifier of a new session is chosen. */
public sealed interface VniPolicy {
    int MAX_VNI = 16_777_215; // 24-bit VXLAN identifier

    /** The VNI to request for a source in {@code vpcId}; empty lets AWS choose. */
    OptionalInt vniFor(String vpcId);

    /** AWS picks a random account-unique VNI (the API default). */
    record AwsChosen() implements VniPolicy {
        @Override
        public OptionalInt vniFor(String vpcId) {
            return OptionalInt.empty();
        }
    }

    /** The same VNI on every session. */
    record Fixed(int vni) implements VniPolicy {
        public Fixed {
            if (vni < 1 || vni > MAX_VNI) {
                throw new IllegalArgumentException("VNI must be 1.." + MAX_VNI);
            }
        }

        @Override
        public OptionalInt vniFor(String vpcId) {
            return OptionalInt.of(vni);
        }
    }

    /**
     * One VNI per VPC, derived from the VPC id alone so that it never changes as VPCs come and go
     * and a Sensor can tell VPCs apart by VNI.
     */
    record PerVpc() implements VniPolicy {
        @Override
        public OptionalInt vniFor(String vpcId) {
            // FNV-1a over the id: fixed by definition, so every deployment derives the same VNI.
            long hash = 0xcbf29ce484222325L;
            for (int i = 0; i < vpcId.length(); i++) {
                hash ^= vpcId.charAt(i);
                hash *= 0x100000001b3L;
            }
            return OptionalInt.of((int) Math.floorMod(hash, (long) MAX_VNI) + 1);
        }
    }
}
