package io.quantapilot.forge;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRepositoriesUnitTests {

	@TempDir
	Path temp;

	@Test
	void createsBareRepositoryWithMainAsDefaultBranch() throws Exception {
		LocalRepositories repositories = new LocalRepositories(this.temp.resolve("repos"));

		Path repo = repositories.create("acme", "hello-world");

		assertThat(repo).isEqualTo(this.temp.resolve("repos/acme/hello-world.git"));
		assertThat(Files.readString(repo.resolve("HEAD"))).isEqualTo("ref: refs/heads/main\n");
		GitCli git = new GitCli(this.temp.resolve("home"));
		assertThat(git.run(repo, "rev-parse", "--is-bare-repository")).isEqualTo("true");
		assertThat(git.run(repo, "config", "--bool", "http.receivepack")).isEqualTo("false");
		assertThat(git.run(repo, "config", "--bool", "receive.denyNonFastForwards")).isEqualTo("true");
		assertThat(repositories.exists("acme", "hello-world")).isTrue();
		assertThat(repositories.find("acme", "hello-world")).contains(repo);
	}

	@Test
	void createIsIdempotentAndKeepsExistingContent() throws Exception {
		LocalRepositories repositories = new LocalRepositories(this.temp);
		Path first = repositories.create("acme", "app");
		Files.writeString(first.resolve("description"), "kept");

		Path second = repositories.create("acme", "app");

		assertThat(second).isEqualTo(first);
		assertThat(Files.readString(second.resolve("description"))).isEqualTo("kept");
		try (var entries = Files.list(this.temp.resolve("acme"))) {
			assertThat(entries).containsExactly(first);
		}
	}

	@Test
	void missingRepositoryIsNotFound() {
		LocalRepositories repositories = new LocalRepositories(this.temp);

		assertThat(repositories.find("acme", "nothing")).isEmpty();
		assertThat(repositories.exists("acme", "nothing")).isFalse();
	}

	@Test
	void refusesToTakeOverADirectoryThatIsNotARepository() throws Exception {
		LocalRepositories repositories = new LocalRepositories(this.temp);
		Files.createDirectories(this.temp.resolve("acme/app.git/stuff"));

		assertThat(repositories.exists("acme", "app")).isFalse();
		assertThatThrownBy(() -> repositories.create("acme", "app")).isInstanceOf(GitOperationException.class)
			.hasMessageContaining("not a bare git repository");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { ".", "..", "a..b", "../etc", "a/b", "a\\b", "-rf", "with space", "ümlaut", "name\n",
			"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x" })
	void rejectsInvalidNames(String invalid) {
		LocalRepositories repositories = new LocalRepositories(this.temp);

		assertThat(LocalRepositories.isValidName(invalid)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> repositories.create(invalid, "app"));
		assertThatIllegalArgumentException().isThrownBy(() -> repositories.create("acme", invalid));
		assertThatIllegalArgumentException().isThrownBy(() -> repositories.find("acme", invalid));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "Acme", "my-app", "my_app", "v1.2", ".github", "x-" })
	void acceptsGitHubStyleNames(String valid) {
		assertThat(LocalRepositories.isValidName(valid)).isTrue();
		assertThat(new LocalRepositories(this.temp).create("acme", valid)).exists();
	}

}
