package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The region, found as the AWS CLI finds it. */
class AwsOptionsTest {
    @TempDir
    Path home;

    private Path config() throws Exception {
        return Files.writeString(home.resolve("config"), "[default]\nregion = eu-central-1\n\n[profile ops]\nregion = ap-south-1\n");
    }

    @Test
    void aRegionSetOnlyInTheConfigFileIsUsedForTheSelectedProfile() throws Exception {
        var file = config().toString();

        assertThat(new AwsOptions().region(Map.of("AWS_CONFIG_FILE", file))).isEqualTo("eu-central-1");
        assertThat(new AwsOptions().region(Map.of("AWS_CONFIG_FILE", file, "AWS_PROFILE", "ops"))).isEqualTo("ap-south-1");
    }

    @Test
    void theEnvironmentAndTheOptionComeBeforeTheConfigFile() throws Exception {
        var file = config().toString();
        var options = new AwsOptions();

        assertThat(options.region(Map.of("AWS_CONFIG_FILE", file, "AWS_REGION", "us-west-2"))).isEqualTo("us-west-2");
        options.region = "sa-east-1";
        assertThat(options.region(Map.of("AWS_CONFIG_FILE", file, "AWS_REGION", "us-west-2"))).isEqualTo("sa-east-1");
    }

    @Test
    void noRegionAnywhereSaysWhereToSetOne() {
        assertThatThrownBy(() -> new AwsOptions().region(Map.of("AWS_CONFIG_FILE", home.resolve("absent").toString())))
                .hasMessageContaining("--region").hasMessageContaining("AWS_REGION").hasMessageContaining("config file");
    }

    @Test
    void aConfigFileThatCannotBeParsedIsBadInputThatNamesTheFile() throws Exception {
        var file = Files.writeString(home.resolve("config"), "region = eu-west-1 outside any profile\n[unclosed\n").toString();

        assertThatThrownBy(() -> new AwsOptions().region(Map.of("AWS_CONFIG_FILE", file)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file).hasMessageContaining("--region");
    }
}
