package io.quantapilot.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ShellWordsUnitTests {

	@Test
	void splitsOnWhitespace() {
		assertThat(ShellWords.split("  npm\ttest  --  -x ")).containsExactly("npm", "test", "--", "-x");
	}

	@Test
	void honoursQuotesAndEscapes() {
		assertThat(ShellWords.split("pytest -k 'not slow' \"-m\" a\\ b \"say \\\"hi\\\" \\n\" ''"))
			.containsExactly("pytest", "-k", "not slow", "-m", "a b", "say \"hi\" \\n", "");
	}

	@Test
	void quotedOperatorsAreArguments() {
		assertThat(ShellWords.split("sh -c 'sleep 1 && echo done'")).containsExactly("sh", "-c", "sleep 1 && echo done");
	}

	@Test
	void rejectsWhatOnlyAShellCouldRun() {
		assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("npm test | tee log"));
		assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("echo $(id)"));
		assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("pytest > out.txt"));
	}

	@Test
	void rejectsBrokenQuoting() {
		assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("echo 'open"));
		assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("echo \"open"));
		assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("echo \\"));
		assertThatIllegalArgumentException().isThrownBy(() -> ShellWords.split("   "));
	}

}
