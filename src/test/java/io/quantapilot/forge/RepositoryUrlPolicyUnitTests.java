package io.quantapilot.forge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.quantapilot.common.QuantaPilotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which repository URLs a project may start from, and which forges it may name. */
class RepositoryUrlPolicyUnitTests {

	@TempDir
	static Path temp;

	private static RepositoryUrlPolicy policy(String apiUrl, String token) {
		LocalRepositories repositories = new LocalRepositories(temp.resolve("repos"));
		repositories.create("sources", "idea");
		ForgeSettings settings = new ForgeSettings("quantapilot", "QuantaPilot", "bot@q.local", "v1.0.0", "local",
				false, new ForgeSettings.GitHub(URI.create(apiUrl), null, token, null, null, "squash", List.of(), true,
						Duration.ofHours(2), Duration.ofMinutes(1), Duration.ofSeconds(30), 50, Duration.ofMinutes(15), "quantapilot",
						Duration.ofSeconds(5)));
		return new RepositoryUrlPolicy(settings, new LocalForgeUrls(() -> "http://localhost:3000", repositories));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://github.com/octocat/Hello-World", "https://github.com/octocat/Hello-World.git",
			"https://github.com/octo-org/repo.name_1/", "http://localhost:3000/git/sources/idea.git" })
	void githubRepositoriesAndTheLocalForgesOwnUrlsAreAccepted(String url) {
		assertThatCode(() -> policy("https://api.github.com", null).checkRepositoryUrl(url)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "file:/srv/repos/x.git", "/srv/repos/x.git", "ssh://git@github.com/a/b.git",
			"git@github.com:a/b.git", "http://github.com/a/b", "https://gitlab.com/a/b", "https://user:pw@github.com/a/b",
			"https://github.com/a/b?x=1", "https://github.com/a", "https://github.com/a/b/c",
			"https://169.254.169.254/latest/meta-data", "https://127.0.0.1/a/b", "https://10.0.0.5/a/b",
			"https://[::1]/a/b", "https://[fd00::1]/a/b", "https://localhost/a/b", "https://intranet/a/b",
			"http://localhost:3000/git/sources/missing.git", "http://localhost:3001/git/sources/idea.git", "not a url" })
	void everythingElseIsRefusedAsAnInvalidRepositoryUrl(String url) {
		assertThatThrownBy(() -> policy("https://api.github.com", null).checkRepositoryUrl(url))
			.isInstanceOfSatisfying(QuantaPilotException.InvalidRequest.class,
					ex -> assertThat(ex.details()).containsEntry("field", "repository_url"));
	}

	@Test
	void internalAddressesAreNamedAsSuch() {
		assertThatThrownBy(() -> policy("https://api.github.com", null).checkRepositoryUrl("https://169.254.169.254/a/b"))
			.hasMessageContaining("link-local");
	}

	@Test
	void gitHubEnterpriseIsRecognisedByItsApiUrl() {
		RepositoryUrlPolicy enterprise = policy("https://ghe.example.com/api/v3", "t");
		assertThatCode(() -> enterprise.checkRepositoryUrl("https://ghe.example.com/team/app.git")).doesNotThrowAnyException();
		assertThatThrownBy(() -> enterprise.checkRepositoryUrl("https://github.com/team/app.git"))
			.isInstanceOf(QuantaPilotException.InvalidRequest.class);
	}

	@Test
	void aGitHubProjectStartsFromAGitHubRepository() {
		RepositoryUrlPolicy policy = policy("https://api.github.com", "t");
		assertThatCode(() -> policy.checkRepositoryUrl("https://github.com/me/idea", "github")).doesNotThrowAnyException();
		assertThatThrownBy(() -> policy.checkRepositoryUrl("http://localhost:3000/git/sources/idea.git", "github"))
			.hasMessageContaining("starts from a repository on https://github.com");
		assertThatCode(() -> policy.checkRepositoryUrl("http://localhost:3000/git/sources/idea.git", null))
			.doesNotThrowAnyException();
	}

	@Test
	void theGitHubForgeCanOnlyBeChosenWhenItIsConfigured() {
		assertThatCode(() -> policy("https://api.github.com", "ghp_x").checkForge("github")).doesNotThrowAnyException();
		assertThatThrownBy(() -> policy("https://api.github.com", null).checkForge("github"))
			.hasMessageContaining("not configured");
		assertThatThrownBy(() -> policy("https://api.github.com", "t").checkForge("gitlab"))
			.hasMessageContaining("local, github");
		assertThatCode(() -> policy("https://api.github.com", null).checkForge("local")).doesNotThrowAnyException();
	}

}
