package io.quantapilot.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.quantapilot.common.PlatformSettings;
import io.quantapilot.common.QuantaPilotException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Protects stored third-party secrets (DESIGN §5): encrypts them at rest with AES-256-GCM and derives
 * signing keys, all from one master key. The master key is {@code quantapilot.master-key}
 * ({@code QP_MASTER_KEY}) when set; otherwise a random key generated on first use into
 * {@code <data-dir>/secrets/master.key}, readable only by its owner. Losing that file makes the stored
 * secrets unreadable, so backups must include it.
 */
@Service
public class SecretEncryption {

	private static final String VERSION = "v1:";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path keyFile;

	private final String configuredKey;

	private volatile byte[] masterKey;

	SecretEncryption(PlatformSettings platform, @Value("${quantapilot.master-key:}") String configuredKey) {
		this.keyFile = platform.dataDir().resolve("secrets").resolve("master.key");
		this.configuredKey = configuredKey != null ? configuredKey.strip() : "";
	}

	/**
	 * Encrypts {@code plaintext}; {@code context} (e.g. {@code webhook:<id>}) is bound to the ciphertext as
	 * associated data, so a ciphertext copied to another row does not decrypt there.
	 */
	public String encrypt(String plaintext, String context) {
		try {
			byte[] iv = new byte[IV_BYTES];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derive("encryption"), "AES"),
					new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[iv.length + sealed.length];
			System.arraycopy(iv, 0, out, 0, iv.length);
			System.arraycopy(sealed, 0, out, iv.length, sealed.length);
			return VERSION + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is part of every JDK", ex);
		}
	}

	/** Decrypts what {@link #encrypt} produced for the same context; fails when the master key changed. */
	public String decrypt(String ciphertext, String context) {
		if (ciphertext == null || !ciphertext.startsWith(VERSION)) {
			throw new QuantaPilotException("stored secret has an unknown format");
		}
		try {
			byte[] in = Base64.getDecoder().decode(ciphertext.substring(VERSION.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derive("encryption"), "AES"),
					new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new QuantaPilotException("stored secret cannot be decrypted (was the master key changed?)");
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new QuantaPilotException("stored secret cannot be decrypted: " + ex.getClass().getSimpleName());
		}
	}

	/** HMAC-SHA256 of {@code data} under a key derived from the master key for this {@code purpose} only. */
	public byte[] mac(String purpose, byte[] data) {
		return hmac(derive("mac:" + purpose), data);
	}

	private byte[] derive(String purpose) {
		return hmac(master(), ("quantapilot:" + purpose).getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

	private byte[] master() {
		byte[] key = masterKey;
		if (key == null) {
			synchronized (this) {
				key = masterKey;
				if (key == null) {
					key = configuredKey.isEmpty() ? keyFromFile() : keyFromSetting(configuredKey);
					masterKey = key;
				}
			}
		}
		return key;
	}

	/** A base64 key of 32 bytes is used as is; any other value of 32+ characters is hashed into one. */
	private static byte[] keyFromSetting(String value) {
		try {
			byte[] decoded = Base64.getDecoder().decode(value);
			if (decoded.length == 32) {
				return decoded;
			}
		}
		catch (IllegalArgumentException notBase64) {
			// a passphrase rather than a key
		}
		if (value.length() < 32) {
			throw new QuantaPilotException(
					"QP_MASTER_KEY must be 32 random bytes in base64 or a passphrase of at least 32 characters");
		}
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private byte[] keyFromFile() {
		try {
			if (!Files.exists(keyFile)) {
				createKeyFile();
			}
			byte[] key = Base64.getDecoder().decode(Files.readString(keyFile).strip());
			if (key.length != 32) {
				throw new QuantaPilotException("the master key file " + keyFile + " is damaged");
			}
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create the master key file " + keyFile, ex);
		}
	}

	/** Writes a fresh key to a private temporary file and moves it in place, so no reader sees half a key. */
	private void createKeyFile() throws IOException {
		Path dir = keyFile.getParent();
		boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
		if (!Files.exists(dir)) {
			if (posix) {
				Files.createDirectories(dir,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectories(dir);
			}
		}
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		Path tmp = posix
				? Files.createTempFile(dir, "master", ".tmp",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: Files.createTempFile(dir, "master", ".tmp");
		try {
			Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
			// A rename within the directory; without REPLACE_EXISTING an existing key is never overwritten.
			Files.move(tmp, keyFile);
		}
		catch (FileAlreadyExistsException raced) {
			// another thread or process created it first; theirs is the key
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

}
