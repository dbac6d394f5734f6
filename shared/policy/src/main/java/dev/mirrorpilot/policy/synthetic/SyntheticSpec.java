package dev.mirrorpilot.policy.synthetic;

/**
 * The shape of a generated account. Fractions are 0..1 of instances (or of ENIs for sessions).
 * The defaults give a realistic mix: most workloads supported and running, a few T2 and bare
 * metal, opted-out workloads, secondary ENIs, foreign sessions (some shadowing), MirrorPilot
 * sessions left by earlier runs (with duplicates and orphans), Sensors in some VPCs reached
 * through peering or a transit gateway, NLB-fronted Sensors, and VPCs no Sensor can reach.
 */
public record SyntheticSpec(
        int instances,
        int vpcs,
        double sensorVpcShare,
        double notRunningShare,
        double optedOutShare,
        double secondaryEniShare,
        double foreignSessionShare,
        double shadowingShare,
        double alreadyMirroredShare,
        double duplicateShare,
        int orphanSessions,
        double nlbShare) {

    public SyntheticSpec {
        if (instances < 0 || vpcs < 1) {
            throw new IllegalArgumentException("need instances >= 0 and vpcs >= 1");
        }
    }

    public static SyntheticSpec of(int instances, int vpcs) {
        return new SyntheticSpec(instances, vpcs, 0.4, 0.08, 0.05, 0.2, 0.05, 0.02, 0.3, 0.02,
                Math.max(1, instances / 200), 0.5);
    }

    public SyntheticSpec withAlreadyMirroredShare(double share) {
        return new SyntheticSpec(instances, vpcs, sensorVpcShare, notRunningShare, optedOutShare, secondaryEniShare,
                foreignSessionShare, shadowingShare, share, duplicateShare, orphanSessions, nlbShare);
    }

    public SyntheticSpec withNlbShare(double share) {
        return new SyntheticSpec(instances, vpcs, sensorVpcShare, notRunningShare, optedOutShare, secondaryEniShare,
                foreignSessionShare, shadowingShare, alreadyMirroredShare, duplicateShare, orphanSessions, share);
    }
}
