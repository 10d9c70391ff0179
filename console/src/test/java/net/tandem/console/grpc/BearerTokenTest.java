package net.tandem.console.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import net.tandem.proto.v1.ControlGrpc;
import org.junit.jupiter.api.Test;

/** The token goes with every call, but never in clear to anything but loopback. */
class BearerTokenTest {
    private Metadata sent;
    private Status failed;

    private void apply(BearerToken token, SecurityLevel level) {
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

    @Test
    void overTlsTheTokenIsSentAsABearerHeader() {
        apply(new BearerToken("s3cret", "192.0.2.1"), SecurityLevel.PRIVACY_AND_INTEGRITY);

        assertThat(sent.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer s3cret");
    }

    @Test
    void inClearItGoesToLoopbackOnly() {
        apply(new BearerToken("s3cret", "127.0.0.1"), SecurityLevel.NONE);
        assertThat(sent.get(BearerToken.AUTHORIZATION)).isEqualTo("Bearer s3cret");

        sent = null;
        apply(new BearerToken("s3cret", "192.0.2.1"), SecurityLevel.NONE);
        assertThat(sent).isNull();
        assertThat(failed.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(failed.getDescription()).contains("not sending the token in clear to 192.0.2.1", "--ca");
    }
}
