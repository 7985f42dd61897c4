package io.quantapilot.agents.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.quantapilot.agents.Plan;

/**
 * The files of one stage: the stack's code, and for the last stage the documents as well.
 */
final class StageFiles {

	private StageFiles() {
	}

	/**
	 * Renders a stage.
	 * @param existingReadme the workspace's README, or {@code null} when there is none
	 */
	static List<GeneratedFile> render(StageKind kind, TemplateModel model, StackTemplates stack, Plan plan,
			String existingReadme) {
		List<GeneratedFile> files = new ArrayList<>();
		if (kind == StageKind.DOCUMENTATION) {
			ProjectDocs docs = new ProjectDocs(model, stack, plan);
			files.add(new GeneratedFile(ProjectDocs.README, docs.readme(Optional.ofNullable(existingReadme))));
			files.add(new GeneratedFile(ProjectDocs.ARCHITECTURE, docs.architecture(true)));
		}
		files.addAll(stack.stageFiles(kind, model));
		return files;
	}

}
