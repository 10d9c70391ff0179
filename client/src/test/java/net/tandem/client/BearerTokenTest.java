package net.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import net.tandem.proto.v1.ControlGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token goes with every call, but never in clear to anything but loopback. */
class BearerTokenTest {
    private Metadata sent;
    private Status failed;

    private void apply(CallCredentials token, SecurityLevel level) {
        token.applyRequestMetadata(
                new CallCredentials.RequestInfo() {
                    @Override
                    public MethodDescriptor<?, ?> getMethodDescriptor() {
                        return ControlGrpc.getTakeoverMethod();
                    }

                    @Override
                    public SecurityLevel getSecurityLevel() {
                        return level;
                    }

                    @Override
                    public String getAuthority() {
                        return "node1";
                    }

                    @Override
                    public Attributes getTransportAttrs() {
                        return Attributes.EMPTY;
                    }
                },
                Runnable::run,
                new CallCredentials.MetadataApplier() {
                    @Override
                    public void apply(Metadata headers) {
                        sent = headers;
                    }

                    @Override
                    public void fail(Status status) {
                        failed = status;
                    }
                });
    }

    private static CallCredentials credentials(String host) {
        return BearerToken.of("s3cret").credentialsFor(new Target(host, 7112));
    }

    @Test
    void overTlsTheTokenIsSentAsABearerHeader() {
        apply(credentials("192.0.2.1"), SecurityLevel.PRIVACY_AND_INTEGRITY);

        assertThat(sent.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer s3cret");
    }

    @Test
    void inClearItGoesToLoopbackOnly() {
        apply(credentials("127.0.0.1"), SecurityLevel.NONE);
        assertThat(sent.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer s3cret");

        sent = null;
        apply(credentials("192.0.2.1"), SecurityLevel.NONE);
        assertThat(sent).isNull();
        assertThat(failed.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(failed.getDescription()).contains("not sending the token in plain text to 192.0.2.1:7112", "--ca");
    }

    @Test
    void theTokenIsNeverInItsStringForm() throws Exception {
        assertThat(BearerToken.of("s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void aTokenFileIsReadWithoutItsNewline(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("admin.token"), "s3cret\n");
        apply(BearerToken.read(file).credentialsFor(new Target("127.0.0.1", 7112)), SecurityLevel.NONE);

        assertThat(sent.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer s3cret");
    }

    @Test
    void anEmptyOrMissingTokenFileSaysWhichFile(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.token"), "\n");

        assertThatThrownBy(() -> BearerToken.read(empty))
                .isInstanceOf(ClientSetupException.class)
                .hasMessage("--token-file " + empty + ": the file is empty");
        assertThatThrownBy(() -> BearerToken.read(dir.resolve("missing.token")))
                .isInstanceOf(ClientSetupException.class)
                .hasMessageStartingWith("--token-file " + dir.resolve("missing.token") + ": cannot read");
    }
}
