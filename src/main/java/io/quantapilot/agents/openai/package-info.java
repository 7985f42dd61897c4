/**
 * The {@code openai} agent provider: any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM,
 * llama.cpp server, LM Studio, gateways) driving a built-in tool loop that lists, reads, writes and edits
 * files confined to the workspace, runs commands in the quality module's sandbox, and finishes with a
 * summary. Usage (cached tokens included) is reported per call; runs that go in circles are stopped as stuck.
 */
package io.quantapilot.agents.openai;
