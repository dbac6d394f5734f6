package dev.mirrorpilot.policy.eligibility;

import static dev.mirrorpilot.policy.PlanReading.create;
import static dev.mirrorpilot.policy.PlanReading.hasCreate;
import static dev.mirrorpilot.policy.PlanReading.skip;
import static dev.mirrorpilot.policy.PlanReading.skipReason;
import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.VPC_B;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static dev.mirrorpilot.policy.TestAccount.secondaryEniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EligibilityTest {

    private static TestAccount withSensor() {
        return account().sensor("tmt-s1");
    }

    @Test
    void runningSupportedInstanceIsMirrored() {
        var plan = withSensor().running("i-web").plan();

        assertThat(create(plan, eniOf("i-web")).targetId()).isEqualTo("tmt-s1");
    }

    @ParameterizedTest
    @EnumSource(value = InstanceState.class, names = {"PENDING", "STOPPING", "STOPPED", "SHUTTING_DOWN", "TERMINATED"})
    void instanceThatIsNotRunningIsSkippedWithItsState(InstanceState state) {
        var plan = withSensor().workload("i-web", "m5.large", state, VPC_A, AZ_1, Tags.NONE).plan();

        var skip = skip(plan, eniOf("i-web"));
        assertThat(skip.reason().code()).isEqualTo(ReasonCode.NOT_RUNNING);
        assertThat(skip.reason().detail()).isEqualTo(state.awsName());
    }

    @Test
    void launchOfT2InstanceIsSkippedWithReason() {
        var plan = withSensor().workload("i-t2", "t2.micro", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE).plan();

        var skip = skip(plan, eniOf("i-t2"));
        assertThat(skip.reason().code()).isEqualTo(ReasonCode.UNSUPPORTED_INSTANCE_TYPE);
        assertThat(skip.reason().toString()).contains("t2.micro").contains("Xen family t2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"m4.large", "g3s.xlarge"})
    void xenFamiliesOnAwsListAreMirrored(String type) {
        var plan = withSensor().workload("i-xen", type, InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE).plan();

        assertThat(hasCreate(plan, eniOf("i-xen"))).isTrue();
    }

    @Test
    void bareMetalInstanceIsSkipped() {
        var plan = withSensor().workload("i-metal", "i3.metal", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE).plan();

        assertThat(skipReason(plan, eniOf("i-metal"))).isEqualTo(ReasonCode.UNSUPPORTED_INSTANCE_TYPE);
        assertThat(skip(plan, eniOf("i-metal")).reason().detail()).contains("bare metal");
    }

    @Test
    void nitroFamilyWithoutMirroringSupportIsSkipped() {
        var plan = withSensor().workload("i-m6i", "m6i.large", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE).plan();

        assertThat(skipReason(plan, eniOf("i-m6i"))).isEqualTo(ReasonCode.UNSUPPORTED_INSTANCE_TYPE);
    }

    @Test
    void instanceTypeWithoutFactsIsAnUncoveredProblemNotAGuess() {
        var plan = withSensor().workload("i-new", "z9.large", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE).plan();

        assertThat(skipReason(plan, eniOf("i-new"))).isEqualTo(ReasonCode.UNKNOWN_INSTANCE_TYPE);
        assertThat(ReasonCode.UNKNOWN_INSTANCE_TYPE.isProblem()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "FALSE", " false "})
    void optOutTagExcludesWhateverItsCase(String value) {
        var plan = withSensor()
                .workload("i-db", "m5.large", InstanceState.RUNNING, VPC_A, AZ_1, Tags.of("mirrorpilot:mirror", value))
                .plan();

        assertThat(skipReason(plan, eniOf("i-db"))).isEqualTo(ReasonCode.EXCLUDED_BY_TAG);
    }

    @Test
    void optInModeMirrorsOnlyTaggedWorkloads() {
        var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_MODE", "opt-in"));
        var plan = withSensor()
                .workload("i-in", "m5.large", InstanceState.RUNNING, VPC_A, AZ_1, Tags.of("mirrorpilot:mirror", "True"))
                .running("i-untagged")
                .plan(policy);

        assertThat(hasCreate(plan, eniOf("i-in"))).isTrue();
        assertThat(skipReason(plan, eniOf("i-untagged"))).isEqualTo(ReasonCode.NOT_OPTED_IN);
    }

    @Test
    void vpcIncludeAndExcludeListsDecide() {
        var account = withSensor().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge").running("i-a").running("i-b", VPC_B, AZ_1);

        var onlyA = account.plan(MirrorPolicy.defaults().toBuilder().includeVpcs(Set.of(VPC_A)).build());
        var notA = account.plan(MirrorPolicy.defaults().toBuilder().excludeVpcs(Set.of(VPC_A)).build());

        assertThat(hasCreate(onlyA, eniOf("i-a"))).isTrue();
        assertThat(skipReason(onlyA, eniOf("i-b"))).isEqualTo(ReasonCode.EXCLUDED_BY_VPC);
        assertThat(skipReason(notA, eniOf("i-a"))).isEqualTo(ReasonCode.EXCLUDED_BY_VPC);
        assertThat(hasCreate(notA, eniOf("i-b"))).isTrue();
    }

    @Test
    void subnetIncludeAndExcludeListsDecide() {
        var account = withSensor().running("i-a");
        var subnet = account.workload("i-a").subnetId();

        var excluded = account.plan(MirrorPolicy.defaults().toBuilder().excludeSubnets(Set.of(subnet)).build());
        var includedElsewhere = account.plan(MirrorPolicy.defaults().toBuilder().includeSubnets(Set.of("subnet-x")).build());

        assertThat(skipReason(excluded, eniOf("i-a"))).isEqualTo(ReasonCode.EXCLUDED_BY_SUBNET);
        assertThat(skipReason(includedElsewhere, eniOf("i-a"))).isEqualTo(ReasonCode.EXCLUDED_BY_SUBNET);
    }

    @Test
    void secondaryInterfaceIsSkippedByDefaultAndMirroredWhenPolicyCoversAll() {
        var account = withSensor().running("i-app").secondaryEni("i-app", false);

        var primaryOnly = account.plan();
        var all = account.plan(MirrorPolicy.defaults().toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).build());

        assertThat(skipReason(primaryOnly, secondaryEniOf("i-app"))).isEqualTo(ReasonCode.SECONDARY_INTERFACE);
        assertThat(hasCreate(all, secondaryEniOf("i-app"))).isTrue();
        assertThat(hasCreate(all, eniOf("i-app"))).isTrue();
    }

    @Test
    void sensorIsNeverASource() {
        var plan = withSensor().plan(MirrorPolicy.defaults().toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).build());

        assertThat(skipReason(plan, eniOf("i-sensor-tmt-s1"))).isEqualTo(ReasonCode.IS_SENSOR);
        assertThat(plan.creates()).isEmpty();
    }

    @Test
    void instanceTaggedAsSensorIsNeverASourceEvenBeforeItsTargetExists() {
        var plan = withSensor()
                .workload("i-new-sensor", "r5n.xlarge", InstanceState.RUNNING, VPC_A, AZ_1, Tags.of("mirrorpilot:role", "Sensor"))
                .plan();

        assertThat(skipReason(plan, eniOf("i-new-sensor"))).isEqualTo(ReasonCode.IS_SENSOR);
    }

    @Test
    void loadBalancerAndEndpointInterfacesAreNeverSources() {
        var plan = withSensor().running("i-lb")
                .primaryEniIs("i-lb", InterfaceType.NETWORK_LOAD_BALANCER, false, TestAccount.ACCOUNT).plan();

        assertThat(skipReason(plan, eniOf("i-lb"))).isEqualTo(ReasonCode.NOT_WORKLOAD_INTERFACE);
    }

    @Test
    void requesterManagedInterfaceIsSkipped() {
        var plan = withSensor().running("i-rds")
                .primaryEniIs("i-rds", InterfaceType.INTERFACE, true, TestAccount.ACCOUNT).plan();

        assertThat(skipReason(plan, eniOf("i-rds"))).isEqualTo(ReasonCode.REQUESTER_MANAGED);
    }

    @Test
    void interfaceOwnedByAnotherAccountIsSkipped() {
        var plan = withSensor().running("i-shared")
                .primaryEniIs("i-shared", InterfaceType.INTERFACE, false, "999988887777").plan();

        assertThat(skipReason(plan, eniOf("i-shared"))).isEqualTo(ReasonCode.NOT_OWNER);
    }
}
