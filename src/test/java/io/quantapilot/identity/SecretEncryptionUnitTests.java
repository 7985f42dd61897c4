package io.quantapilot.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.QuantaPilotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretEncryptionUnitTests {

	@TempDir
	Path data;

	private SecretEncryption encryption(String configuredKey) {
		return new SecretEncryption(new PlatformSettings(data, data.resolve("logs"), null, Set.of(), Duration.ofMinutes(2)),
				configuredKey);
	}

	@Test
	void encryptsWithAGeneratedKeyFileOnlyItsOwnerCanRead() throws Exception {
		SecretEncryption encryption = encryption("");
		String sealed = encryption.encrypt("whsec_top_secret", "webhook:1");
		assertThat(sealed).startsWith("v1:").doesNotContain("top_secret");
		assertThat(encryption.encrypt("whsec_top_secret", "webhook:1")).as("a fresh IV each time").isNotEqualTo(sealed);
		assertThat(encryption.decrypt(sealed, "webhook:1")).isEqualTo("whsec_top_secret");
		Path keyFile = data.resolve("secrets/master.key");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
		// The next start reads the same key.
		assertThat(encryption("").decrypt(sealed, "webhook:1")).isEqualTo("whsec_top_secret");
	}

	@Test
	void aCiphertextOnlyOpensInItsOwnContextAndUntouched() {
		SecretEncryption encryption = encryption("");
		String sealed = encryption.encrypt("secret", "webhook:1");
		assertThatThrownBy(() -> encryption.decrypt(sealed, "webhook:2")).isInstanceOf(QuantaPilotException.class);
		String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertThatThrownBy(() -> encryption.decrypt(tampered, "webhook:1")).isInstanceOf(QuantaPilotException.class);
	}

	@Test
	void aConfiguredMasterKeyIsUsedInsteadOfAFile() {
		String key = Base64.getEncoder().encodeToString(new byte[32]);
		String sealed = encryption(key).encrypt("secret", "c");
		assertThat(encryption(key).decrypt(sealed, "c")).isEqualTo("secret");
		assertThat(data.resolve("secrets/master.key")).doesNotExist();
		assertThatThrownBy(() -> encryption("").decrypt(sealed, "c")).isInstanceOf(QuantaPilotException.class);
		assertThatThrownBy(() -> encryption("too short").encrypt("x", "c")).isInstanceOf(QuantaPilotException.class);
	}

	@Test
	void macKeysDifferByPurpose() {
		SecretEncryption encryption = encryption("a passphrase of more than thirty-two characters");
		byte[] data = "nonce".getBytes();
		assertThat(encryption.mac("links", data)).isEqualTo(encryption.mac("links", data))
			.isNotEqualTo(encryption.mac("other", data));
	}

}
