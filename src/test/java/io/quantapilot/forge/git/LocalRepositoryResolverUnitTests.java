package io.quantapilot.forge.git;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quantapilot.forge.LocalRepositories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalRepositoryResolverUnitTests {

	@TempDir
	Path temp;

	private LocalRepositories repositories;

	private LocalRepositoryResolver resolver;

	private Path app;

	@BeforeEach
	void setUp() {
		this.repositories = new LocalRepositories(this.temp.resolve("repos"));
		this.app = this.repositories.create("acme", "app");
		this.resolver = new LocalRepositoryResolver(this.repositories);
	}

	@ParameterizedTest
	@ValueSource(strings = { "acme/app.git", "acme/app", "/acme/app.git/", "acme/app.git/" })
	void resolvesOwnerAndName(String name) throws Exception {
		try (Repository repository = this.resolver.open(null, name)) {
			assertThat(repository.isBare()).isTrue();
			assertThat(repository.getDirectory().toPath()).isEqualTo(this.app);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "acme", "acme/missing.git", "../repos/acme/app.git", "acme/../acme/app.git",
			"acme/app.git/..", "a/acme/app.git", "acme/..git", "acme//app.git", "-x/app.git", "acme/app.git.git" })
	void everythingElseIsNotFound(String name) {
		assertThatExceptionOfType(RepositoryNotFoundException.class).isThrownBy(() -> this.resolver.open(null, name));
	}

	@Test
	void symbolicLinkOutOfTheRootIsNotFollowed() throws Exception {
		Path outside = this.temp.resolve("outside");
		new LocalRepositories(outside).create("secret", "data");
		Files.createSymbolicLink(this.temp.resolve("repos/evil"), outside.resolve("secret"));

		assertThat(this.repositories.exists("evil", "data")).isTrue();
		assertThat(this.resolver.locate("evil/data.git")).isEmpty();
	}

}
