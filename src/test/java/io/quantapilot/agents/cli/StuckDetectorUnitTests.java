package io.quantapilot.agents.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StuckDetectorUnitTests {

	@TempDir
	Path workspace;

	@Test
	void sameFailingActionThreeTimesIsStuck() {
		StuckDetector stuck = detector(new StuckThresholds(4, 3, 0));
		stuck.completed("shell pytest", "exit 1: error A", true, false);
		stuck.completed("shell pytest", "exit 1: error B", true, false);
		assertThatThrownBy(() -> stuck.completed("shell pytest", "exit 1: error C", true, false))
			.isInstanceOf(AgentStuckException.class)
			.hasMessage("stuck: the same action failed 3 times: shell pytest");
	}

	@Test
	void aWriteInBetweenIsProgressNotALoop() {
		StuckDetector stuck = detector(new StuckThresholds(2, 0, 0));
		stuck.completed("read a.py", "v1", false, false);
		stuck.completed("write a.py", "ok", false, true);
		assertThatCode(() -> stuck.completed("read a.py", "v1", false, false)).doesNotThrowAnyException();
		assertThatThrownBy(() -> stuck.completed("read a.py", "v1", false, false))
			.hasMessageStartingWith("stuck: the same action with the same result 2 times");
	}

	@Test
	void manyActionsWithoutAnyFileChangeIsStuckButAShellWriteCounts() throws Exception {
		StuckDetector stuck = detector(new StuckThresholds(0, 0, 3));
		stuck.completed("grep x", "1", false, false);
		stuck.completed("grep y", "2", false, false);
		// A shell command wrote a file: no tool event says so, the workspace does.
		Files.writeString(workspace.resolve("out.txt"), "written by a shell command");
		assertThatCode(() -> stuck.completed("shell make", "ok", false, false)).doesNotThrowAnyException();
		stuck.completed("grep z", "3", false, false);
		stuck.completed("grep w", "4", false, false);
		assertThatThrownBy(() -> stuck.completed("ls", "5", false, false))
			.hasMessage("stuck: 3 actions in a row without changing any file");
	}

	@Test
	void zeroSwitchesARuleOff() {
		StuckDetector stuck = detector(new StuckThresholds(0, 0, 0));
		for (int i = 0; i < 50; i++) {
			stuck.completed("read a.py", "v1", true, false);
		}
	}

	private StuckDetector detector(StuckThresholds thresholds) {
		return new StuckDetector(thresholds, workspace, WorkspaceSnapshot.of(workspace));
	}

}
