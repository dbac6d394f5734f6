package dev.mirrorpilot.aws.securityhub;

import dev.mirrorpilot.policy.report.UncoveredWorkload;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsEc2InstanceDetails;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.FindingProviderFields;
import software.amazon.awssdk.services.securityhub.model.FindingProviderSeverity;
import software.amazon.awssdk.services.securityhub.model.Recommendation;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Remediation;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.ResourceDetails;
import software.amazon.awssdk.services.securityhub.model.SecurityHubException;
import software.amazon.awssdk.services.securityhub.model.Severity;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;

/**
 * Keeps Security Hub's MirrorPilot findings in step with a run: one finding per uncovered workload
 * (ASFF, in the account's default product, the instance as resource, with remediation text), with
 * the same Id on every run so a later run updates it; active findings whose workload is now covered
 * or gone, within the run's VPCs, are archived. Imports go in batches of at most 100. A Security Hub
 * that is disabled or refuses the role is reported in the outcome, never thrown: coverage work
 * must not fail because findings cannot be written.
 */
public final class CoverageFindings {
    public static final String GENERATOR_ID = "mirrorpilot/coverage";
    /** Findings about targets that cannot receive: a generator of their own, archived account-wide. */
    public static final String TARGET_GENERATOR_ID = "mirrorpilot/target";
    static final String TARGET_TYPE = "Software and Configuration Checks/AWS Security Best Practices/Traffic Mirroring target";
    /** Findings about crowded targets a rebalance cannot relieve: archived account-wide once relieved. */
    public static final String CAPACITY_GENERATOR_ID = "mirrorpilot/capacity";
    static final String CAPACITY_TYPE = "Software and Configuration Checks/AWS Security Best Practices/Traffic Mirroring capacity";
    static final String CAPACITY_GUIDE = "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-quotas.html";
    /** Findings about the Brain and its Sensors (the brain-health function): archived per Brain once healthy. */
    public static final String BRAIN_GENERATOR_ID = "mirrorpilot/brain-health";
    static final String BRAIN_TYPE = "Software and Configuration Checks/Vendor Security/Vectra Brain health";
    static final String BRAIN_FIELD = "mirrorpilot/brain";
    public static final String VPC_FIELD = "mirrorpilot/vpc-id";
    /** Findings about workloads mirrored but not measured to arrive (the backfill's delivery check): archived once verified. */
    public static final String DELIVERY_GENERATOR_ID = "mirrorpilot/delivery";
    static final String DELIVERY_TYPE = "Software and Configuration Checks/AWS Security Best Practices/Traffic Mirroring delivery";
    /** Findings about instances under surge mirroring: active while the surge lasts, archived by the reconcile that ends it. */
    public static final String SURGE_GENERATOR_ID = "mirrorpilot/surge";
    static final String SURGE_TYPE = "Unusual Behaviors/VM/Traffic Mirroring surge";
    /** Findings about changes someone other than MirrorPilot made to its mirroring (the tamper-watch function). */
    public static final String TAMPER_GENERATOR_ID = "mirrorpilot/tamper";
    static final String TAMPER_TYPE = "Unusual Behaviors/User/Traffic Mirroring changed";
    static final int BATCH = 100;
    static final String TYPE = "Software and Configuration Checks/AWS Security Best Practices/Traffic Mirroring coverage";

    private final SecurityHubClient client;
    private final String account;
    private final String region;
    private final Clock clock;
    private java.util.function.BooleanSupplier timeLeft = () -> true;

    /** What a publish did; {@code error} says what to fix when Security Hub refused. */
    public record Outcome(int active, int archived, int failed, int importCalls, Optional<String> error) {
        static Outcome failed(String error) {
            return new Outcome(0, 0, 0, 0, Optional.of(error));
        }

        /** Both publishes of a run together; the first error wins. */
        public Outcome plus(Outcome other) {
            return new Outcome(active + other.active, archived + other.archived, failed + other.failed,
                    importCalls + other.importCalls, error.or(other::error));
        }
    }

    public CoverageFindings(SecurityHubClient client, String account, String region, Clock clock) {
        this.client = client;
        this.account = account;
        this.region = region;
        this.clock = clock;
    }

    /** Imports stop between batches once this says no: the rest is written by the next run. */
    public CoverageFindings within(java.util.function.BooleanSupplier timeLeft) {
        this.timeLeft = timeLeft;
        return this;
    }

    public String productArn() {
        return "arn:" + partition() + ":securityhub:" + region + ":" + account + ":product/" + account + "/default";
    }

    /** The finding Id of a workload: stable across runs, so a re-import updates the finding. */
    public String findingId(String instanceId) {
        return GENERATOR_ID + "/" + region + "/" + account + "/" + instanceId;
    }

    /**
     * @param uncovered the run's uncovered workloads (all of its scope)
     * @param vpcScope  the VPCs the run covered, empty for the whole account: only their findings are archived
     */
    public Outcome publish(List<UncoveredWorkload> uncovered, Optional<Set<String>> vpcScope) {
        return publish(GENERATOR_ID, uncovered.stream().map(w -> new Current(findingId(w.instanceId()),
                (createdAt, now) -> finding(w, createdAt, now))).toList(), earlier -> {
                    var vpc = earlier.productFields() == null ? null : earlier.productFields().get(VPC_FIELD);
                    return vpcScope.isEmpty() || (vpc != null && vpcScope.get().contains(vpc));
                });
    }

    /** The finding Id of a target that cannot receive. */
    public String targetFindingId(String targetId) {
        return TARGET_GENERATOR_ID + "/" + region + "/" + account + "/" + targetId;
    }

    /**
     * One finding per selected target that cannot receive, naming it and what to fix; active
     * target findings no longer current are archived (targets are account-wide, so always).
     */
    public Outcome publishTargets(List<dev.mirrorpilot.policy.report.UnusableTarget> unusable) {
        return publish(TARGET_GENERATOR_ID, unusable.stream().map(t -> new Current(targetFindingId(t.targetId()),
                (createdAt, now) -> targetFinding(t, createdAt, now))).toList(), earlier -> true);
    }

    public String capacityFindingId(String targetId) {
        return CAPACITY_GENERATOR_ID + "/" + region + "/" + account + "/" + targetId;
    }

    /**
     * One finding per crowded target no reachable target can relieve, saying what to add; earlier
     * ones no longer current are archived (a rebalance looks at every target, so always).
     */
    public Outcome publishCapacity(List<dev.mirrorpilot.policy.rebalance.Shortfall> shortfalls) {
        return publish(CAPACITY_GENERATOR_ID, shortfalls.stream().map(s -> new Current(capacityFindingId(s.targetId()),
                (createdAt, now) -> capacityFinding(s, createdAt, now))).toList(), earlier -> true);
    }

    /** One finding per problem the Brain reports, or one for the Brain unreachable; earlier ones of this Brain archived when gone. */
    public Outcome publishBrainHealth(String brain, List<dev.mirrorpilot.brain.HealthProblem> problems, Optional<String> unreachable) {
        return publishBrainHealth(brain, problems, unreachable, Map.of());
    }

    /** @param instanceByIp the Sensors' EC2 instances in this account, by the IP the Brain reports: their findings name them */
    public Outcome publishBrainHealth(String brain, List<dev.mirrorpilot.brain.HealthProblem> problems, Optional<String> unreachable,
                                      Map<String, String> instanceByIp) {
        var current = new ArrayList<Current>();
        unreachable.ifPresent(why -> current.add(new Current(brainFindingId(brain, "unreachable"), (createdAt, now) ->
                brainFinding(brain, "unreachable", SeverityLabel.HIGH, "Vectra Brain " + brain + " cannot be asked for its health",
                        why + ". While it lasts MirrorPilot cannot tell whether its Sensors receive mirrored traffic.",
                        "Check the Brain, the function's network path to it (VPC subnets, security groups) and its credentials.",
                        "", createdAt, now))));
        for (var p : problems) {
            var key = p.kind().name().toLowerCase(java.util.Locale.ROOT) + "/" + subjectKey(p.subject());
            var severity = p.kind() == dev.mirrorpilot.brain.HealthProblem.Kind.SENSOR_NOT_PAIRED
                    || p.kind() == dev.mirrorpilot.brain.HealthProblem.Kind.BRAIN_DETECTION
                    || "CRITICAL".equals(p.status()) ? SeverityLabel.HIGH : SeverityLabel.MEDIUM;
            current.add(new Current(brainFindingId(brain, key), (createdAt, now) -> brainFinding(brain, key, severity,
                    limit(title(p), TITLE_LIMIT), limit("The Brain " + brain + " reports " + p.subject() + " " + p.status()
                            + (p.detail().isEmpty() ? "" : ": " + p.detail()) + ".", DESCRIPTION_LIMIT), advice(p),
                    instanceByIp.getOrDefault(p.sensorIp(), ""), createdAt, now)));
        }
        return publish(BRAIN_GENERATOR_ID, current, earlier -> earlier.productFields() != null
                && brain.equals(earlier.productFields().get(BRAIN_FIELD)));
    }

    /**
     * A change to MirrorPilot's mirroring that one of its own roles did not make: who, what, on which
     * resource, and whether MirrorPilot has put coverage back ({@code restored}: the finding is archived).
     */
    public record Tampering(String resourceId, String call, String principal, String eventTime, String eventId, String detail,
                            boolean restored) {
    }

    public String tamperFindingId(String resourceId) {
        return TAMPER_GENERATOR_ID + "/" + region + "/" + account + "/" + resourceId;
    }

    /**
     * One finding per tampered resource, imported as it stands: ACTIVE while coverage is not back,
     * ARCHIVED once restored. A resource tampered with again updates its finding (same Id).
     */
    public Outcome publishTampering(List<Tampering> changes) {
        try {
            var now = clock.instant();
            var batch = new ArrayList<AwsSecurityFinding>();
            int archived = 0;
            for (var t : changes) {
                var arn = "arn:" + partition() + ":ec2:" + region + ":" + account + ":" + resourceType(t.resourceId()) + "/" + t.resourceId();
                var title = limit(t.call() + " on " + t.resourceId() + " by " + t.principal(), TITLE_LIMIT);
                var description = limit(t.principal() + " called " + t.call() + " on " + t.resourceId()
                        + (t.eventTime().isEmpty() ? "" : " at " + t.eventTime()) + ". " + t.detail(), DESCRIPTION_LIMIT);
                var finding = active(tamperFindingId(t.resourceId()), TAMPER_GENERATOR_ID, TAMPER_TYPE,
                        t.restored() ? SeverityLabel.MEDIUM : SeverityLabel.HIGH, now.toString(), now, title, description,
                        "Find out why " + t.principal() + " changed Traffic Mirroring; MirrorPilot's roles alone should. Restrict "
                                + "ec2:DeleteTrafficMirrorSession and ec2:ModifyTrafficMirrorSession on sessions tagged mirrorpilot:managed "
                                + "(an SCP), and check the CloudTrail event " + t.eventId() + ".",
                        "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-security.html")
                        .productFields(Map.of("mirrorpilot/call", t.call(), "mirrorpilot/principal", limit(t.principal(), 1000),
                                "mirrorpilot/cloudtrail-event", t.eventId()))
                        .resources(Resource.builder().type("Other").id(arn).partition(partition()).region(region).build());
                if (t.restored()) {
                    finding.recordState(RecordState.ARCHIVED);
                    archived++;
                }
                batch.add(finding.build());
            }
            return importAll(batch, changes.size() - archived, archived);
        } catch (SecurityHubException e) {
            return Outcome.failed(explain(e));
        } catch (SdkException e) {
            return Outcome.failed("Security Hub could not be reached (" + e.getMessage() + "); the tamper findings are lost, "
                    + "the log lines keep them");
        }
    }

    private static String resourceType(String id) {
        return id.startsWith("tms-") ? "traffic-mirror-session" : id.startsWith("tmt-") ? "traffic-mirror-target"
                : id.startsWith("tmfr-") ? "traffic-mirror-filter-rule" : id.startsWith("tmf-") ? "traffic-mirror-filter"
                : id.startsWith("eni-") ? "network-interface" : "instance";
    }

    /**
     * One finding per workload whose mirrored traffic is not measured to arrive, naming the failing hop
     * with its evidence and fix; earlier ones whose workload is now verified (or gone) are archived.
     */
    public Outcome publishDelivery(List<dev.mirrorpilot.policy.delivery.DeliveryReport.WorkloadDelivery> notDelivered) {
        return publish(DELIVERY_GENERATOR_ID, notDelivered.stream().map(w -> new Current(
                DELIVERY_GENERATOR_ID + "/" + region + "/" + account + "/" + w.instanceId(), (createdAt, now) -> {
                    var arn = "arn:" + partition() + ":ec2:" + region + ":" + account + ":instance/" + w.instanceId();
                    return active(DELIVERY_GENERATOR_ID + "/" + region + "/" + account + "/" + w.instanceId(), DELIVERY_GENERATOR_ID,
                            DELIVERY_TYPE, SeverityLabel.HIGH, createdAt, now,
                            limit("EC2 instance " + w.name() + " is mirrored but its traffic is not delivered: " + w.verdict().label(),
                                    TITLE_LIMIT),
                            limit(w.name() + " (" + w.instanceId() + ") has a MirrorPilot session to " + String.join(", ", w.targetIds())
                                    + ", but " + w.verdict().meaning() + ": " + w.evidence() + ". The Sensor does not see this "
                                    + "workload although its coverage is configured.", DESCRIPTION_LIMIT),
                            limit(w.fix(), 500), "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirror-cloudwatch.html")
                            .productFields(Map.of("mirrorpilot/verdict", w.verdict().label()))
                            .resources(Resource.builder().type("AwsEc2Instance").id(arn).partition(partition()).region(region).build())
                            .build();
                })).toList(), earlier -> true);
    }

    /** One instance under surge mirroring: until when, and why. */
    public record SurgeMark(String instanceId, String until, String reason) {
    }

    /**
     * A finding per instance under surge mirroring. {@code archiveEnded}: archive the earlier ones not
     * in {@code active} (the reconcile, which ends surges, passes true; a new surge passes false).
     */
    public Outcome publishSurges(List<SurgeMark> active, boolean archiveEnded) {
        return publish(SURGE_GENERATOR_ID, active.stream().map(m -> new Current(SURGE_GENERATOR_ID + "/" + region + "/" + account + "/"
                + m.instanceId(), (createdAt, now) -> active(SURGE_GENERATOR_ID + "/" + region + "/" + account + "/" + m.instanceId(),
                SURGE_GENERATOR_ID, SURGE_TYPE, SeverityLabel.INFORMATIONAL, createdAt, now,
                limit("EC2 instance " + m.instanceId() + " is mirrored in full until " + m.until(), TITLE_LIMIT),
                limit("MirrorPilot mirrors every interface of " + m.instanceId() + " whole (no packet length) until " + m.until()
                        + " because of " + m.reason() + ". The scheduled reconcile after that time returns it to the normal policy "
                        + "and archives this finding.", DESCRIPTION_LIMIT),
                "Investigate the instance in the Vectra Brain while the surge lasts.",
                "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-how-it-works.html")
                .productFields(Map.of("mirrorpilot/surge-until", m.until()))
                .resources(Resource.builder().type("AwsEc2Instance").id("arn:" + partition() + ":ec2:" + region + ":" + account
                        + ":instance/" + m.instanceId()).partition(partition()).region(region).build())
                .build())).toList(), earlier -> archiveEnded);
    }

    /** Security Hub's limits for a finding's Title and Description. */
    static final int TITLE_LIMIT = 256;
    static final int DESCRIPTION_LIMIT = 1024;

    /**
     * A finding key per subject that two distinct subjects never share: a readable part (sanitised,
     * lossy) and a digest of the subject as the Brain wrote it ("Sensör-ä" and "Sensör-ö" differ).
     */
    static String subjectKey(String subject) {
        var readable = subject.replaceAll("[^A-Za-z0-9._-]", "_");
        readable = readable.length() <= 40 ? readable : readable.substring(0, 40);
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256").digest(subject.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return readable + "-" + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private String brainFindingId(String brain, String key) {
        return BRAIN_GENERATOR_ID + "/" + region + "/" + account + "/" + brain + "/" + key;
    }

    private static String title(dev.mirrorpilot.brain.HealthProblem p) {
        return switch (p.kind()) {
            case SENSOR_NOT_PAIRED -> "Vectra Sensor " + p.subject() + " is not paired with its Brain";
            case SENSOR_CONNECTIVITY -> "Vectra Sensor " + p.subject() + " has connectivity " + p.status();
            case SENSOR_TRAFFIC_DROP -> "Vectra Sensor " + p.subject() + " sees a traffic drop";
            case BRAIN_CHECK -> "Vectra Brain check " + p.subject() + " is " + p.status();
            case BRAIN_DETECTION -> "Vectra Brain detection is " + p.status();
            case SENSOR_NOT_MATCHED -> "A Vectra Sensor cannot be matched to one EC2 instance";
        };
    }

    private static String advice(dev.mirrorpilot.brain.HealthProblem p) {
        return switch (p.kind()) {
            case SENSOR_NOT_PAIRED, SENSOR_CONNECTIVITY -> "Check the Sensor instance, its management interface's path to the "
                    + "Brain and its pairing; until it is paired, mirrored traffic sent to it is not analysed.";
            case SENSOR_TRAFFIC_DROP -> "Check the mirror sessions and filter feeding this Sensor, its capture interface's "
                    + "security group (UDP 4789) and the sources' congestion (NetworkSkipMirrorIn/Out).";
            case BRAIN_CHECK -> "Check the Brain's disks and power in its console.";
            case BRAIN_DETECTION -> "Check the Brain's detection service in its console.";
            case SENSOR_NOT_MATCHED -> "Two Sensor records share an address, or overlapping VPCs give two instances one address: "
                    + "its targets keep their health tag until the Brain's records and the account tell one Sensor apart.";
        };
    }

    AwsSecurityFinding brainFinding(String brain, String key, SeverityLabel severity, String title, String description,
                                    String remediation, String instanceId, String createdAt, Instant now) {
        // The Sensor's EC2 instance when its IP is one of this account's; else a resource of type Other.
        var resource = instanceId.isEmpty()
                ? Resource.builder().type("Other").id("vectra-brain/" + brain + "/" + key).partition(partition()).region(region).build()
                : Resource.builder().type("AwsEc2Instance").id("arn:" + partition() + ":ec2:" + region + ":" + account + ":instance/"
                        + instanceId).partition(partition()).region(region).build();
        return active(brainFindingId(brain, key), BRAIN_GENERATOR_ID, BRAIN_TYPE, severity, createdAt, now, title,
                description.length() > 1000 ? description.substring(0, 997) + "..." : description, remediation,
                "https://docs.vectra.ai/")
                .productFields(Map.of(BRAIN_FIELD, brain))
                .resources(resource)
                .build();
    }

    AwsSecurityFinding capacityFinding(dev.mirrorpilot.policy.rebalance.Shortfall s, String createdAt, Instant now) {
        var arn = "arn:" + partition() + ":ec2:" + region + ":" + account + ":traffic-mirror-target/" + s.targetId();
        var load = (s.sourceLimit() < 0 ? s.sources() + " sources (no source limit)" : s.sources() + " of " + s.sourceLimit()
                + " sources") + ", about " + String.format(java.util.Locale.ROOT, "%.2f", s.gbps()) + " Gbps"
                + (s.ratedGbps().isPresent() ? " of a rated " + s.ratedGbps().getAsDouble() + " Gbps" : " (Sensor unrated)");
        var advice = s.advice().length() > 500 ? s.advice().substring(0, 497) + "..." : s.advice();
        return active(capacityFindingId(s.targetId()), CAPACITY_GENERATOR_ID, CAPACITY_TYPE, SeverityLabel.MEDIUM, createdAt, now,
                "Sensor target " + s.targetName() + " is crowded and no reachable target can take its excess",
                "Mirror target " + s.targetId() + " in " + s.vpcId() + " carries " + load + ". Above its headroom AWS refuses "
                        + "new sources, and above its Sensor's rated throughput mirrored packets are dropped. MirrorPilot's "
                        + "rebalance found no reachable target with room, so nothing moved.", advice, CAPACITY_GUIDE)
                .productFields(Map.of(VPC_FIELD, s.vpcId(), "mirrorpilot/sources", Integer.toString(s.sources())))
                .resources(Resource.builder().type("Other").id(arn).partition(partition()).region(region).build())
                .build();
    }

    /** A finding the run raises, built once its first-seen time is known. */
    private record Current(String id, java.util.function.BiFunction<String, Instant, AwsSecurityFinding> build) {
    }

    /** Imports the current findings (keeping each one's CreatedAt) and archives the active ones not current and in scope. */
    private Outcome publish(String generatorId, List<Current> current, java.util.function.Predicate<AwsSecurityFinding> inScope) {
        try {
            var now = clock.instant();
            var active = activeFindings(generatorId);
            var batch = new ArrayList<AwsSecurityFinding>();
            var ids = new java.util.HashSet<String>();
            for (var finding : current) {
                ids.add(finding.id());
                var earlier = active.get(finding.id());
                batch.add(finding.build().apply(earlier == null ? now.toString() : earlier.createdAt(), now));
            }
            int archived = 0;
            for (var earlier : active.values()) {
                if (!ids.contains(earlier.id()) && inScope.test(earlier)) {
                    batch.add(earlier.toBuilder().recordState(RecordState.ARCHIVED).updatedAt(now.toString()).build());
                    archived++;
                }
            }
            return importAll(batch, current.size(), archived);
        } catch (SecurityHubException e) {
            return Outcome.failed(explain(e));
        } catch (SdkException e) {
            return Outcome.failed("Security Hub could not be reached (" + e.getMessage() + "); findings are written on the next run");
        }
    }

    private Outcome importAll(List<AwsSecurityFinding> batch, int active, int archived) {
        int failed = 0;
        int calls = 0;
        for (int from = 0; from < batch.size(); from += BATCH) {
            if (!timeLeft.getAsBoolean()) {
                return new Outcome(active, archived, failed + batch.size() - from, calls, Optional.of("the invocation's time ran out "
                        + "after " + from + " of " + batch.size() + " findings; the next run writes the rest"));
            }
            var part = batch.subList(from, Math.min(batch.size(), from + BATCH));
            var response = client.batchImportFindings(b -> b.findings(part));
            calls++;
            failed += response.failedCount();
        }
        return new Outcome(active, archived, failed, calls, Optional.empty());
    }

    AwsSecurityFinding targetFinding(dev.mirrorpilot.policy.report.UnusableTarget t, String createdAt, Instant now) {
        var arn = "arn:" + partition() + ":ec2:" + region + ":" + account + ":traffic-mirror-target/" + t.targetId();
        return active(targetFindingId(t.targetId()), TARGET_GENERATOR_ID, TARGET_TYPE, SeverityLabel.HIGH, createdAt, now,
                t.title(), t.description(), t.remediation(), t.remediationUrl())
                .productFields(Map.of("mirrorpilot/reason", t.problem().code().label(),
                        "mirrorpilot/target-resource", t.resourceId()))
                .resources(Resource.builder().type("Other").id(arn).partition(partition()).region(region).build())
                .build();
    }

    AwsSecurityFinding finding(UncoveredWorkload w, String createdAt, Instant now) {
        var instanceArn = "arn:" + partition() + ":ec2:" + region + ":" + account + ":instance/" + w.instanceId();
        return active(findingId(w.instanceId()), GENERATOR_ID, TYPE, severity(w), createdAt, now,
                w.title(), w.description(), w.remediation(), w.remediationUrl())
                .productFields(Map.of(VPC_FIELD, w.vpcId(), "mirrorpilot/reasons", w.reasons(),
                        "mirrorpilot/interfaces", String.join(",", w.gaps().stream().map(UncoveredWorkload.Gap::eniId).toList())))
                .resources(Resource.builder().type("AwsEc2Instance").id(instanceArn).partition(partition()).region(region)
                        .details(ResourceDetails.builder().awsEc2Instance(AwsEc2InstanceDetails.builder().type(w.instanceType())
                                .vpcId(w.vpcId()).subnetId(w.subnetId()).build()).build()).build())
                .build();
    }

    /** What every MirrorPilot finding has: ASFF header, this account's default product, severity, remediation, ACTIVE. */
    private AwsSecurityFinding.Builder active(String id, String generatorId, String type, SeverityLabel severity,
                                              String createdAt, Instant now, String title, String description,
                                              String remediation, String remediationUrl) {
        return AwsSecurityFinding.builder()
                .schemaVersion("2018-10-08")
                .id(id)
                .productArn(productArn())
                .generatorId(generatorId)
                .awsAccountId(account)
                .region(region)
                .types(type)
                .createdAt(createdAt)
                .updatedAt(now.toString())
                .severity(Severity.builder().label(severity).build())
                // Security Hub ignores Severity and Types in updates from a provider; these fields carry them.
                .findingProviderFields(FindingProviderFields.builder().types(type)
                        .severity(FindingProviderSeverity.builder().label(severity).build()).build())
                .title(title)
                .description(description)
                .remediation(Remediation.builder().recommendation(Recommendation.builder().text(remediation)
                        .url(remediationUrl).build()).build())
                .recordState(RecordState.ACTIVE);
    }

    private static SeverityLabel severity(UncoveredWorkload w) {
        return w.isProblem() ? SeverityLabel.MEDIUM : SeverityLabel.LOW;
    }

    private Map<String, AwsSecurityFinding> activeFindings(String generatorId) {
        var filters = AwsSecurityFindingFilters.builder()
                .productArn(equal(productArn()))
                .generatorId(equal(generatorId))
                .recordState(equal(RecordState.ACTIVE.toString()))
                .build();
        var found = new HashMap<String, AwsSecurityFinding>();
        client.getFindingsPaginator(b -> b.filters(filters).maxResults(100)).findings().forEach(f -> found.put(f.id(), f));
        return found;
    }

    private static StringFilter equal(String value) {
        return StringFilter.builder().comparison(StringFilterComparison.EQUALS).value(value).build();
    }

    private String explain(SecurityHubException e) {
        var code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        return switch (code) {
            case "InvalidAccessException" -> "Security Hub is not enabled in account " + account + " region " + region
                    + ": enable it (aws securityhub enable-security-hub) or set the stack parameter PublishFindings=false ("
                    + e.awsErrorDetails().errorMessage() + ")";
            case "AccessDeniedException" -> "the function's role may not write findings: it needs securityhub:GetFindings and "
                    + "securityhub:BatchImportFindings on " + productArn() + " (" + e.awsErrorDetails().errorMessage() + ")";
            default -> "Security Hub refused the findings: " + code + " " + e.getMessage();
        };
    }

    private String partition() {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
