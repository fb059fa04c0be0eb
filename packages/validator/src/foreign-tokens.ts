/**
 * Control tokens of other model families: harmless text to a ChatML model
 * that counts with cl100k_base / o200k_base, a forged turn to the model the
 * text was written for. Each family names where its list comes from (the
 * model's published tokenizer files); chatmlkit's own ChatML tokens
 * (`<|im_start|>`, `<|endoftext|>`, the FIM tokens...) are the
 * `special-token` rule's and are not repeated here.
 */
export interface TokenFamily {
  readonly family: string;
  /** Where the list comes from. */
  readonly source: string;
  /** Exact spellings. */
  readonly tokens: readonly string[];
  /** Numbered tokens (reserved slots), as one pattern each; matched whole. */
  readonly patterns?: readonly RegExp[];
}

export const TOKEN_FAMILIES: readonly TokenFamily[] = [
  {
    family: "harmony (gpt-oss)",
    source: "o200k_harmony special tokens (openai/harmony, tiktoken)",
    tokens: [
      "<|startoftext|>",
      "<|start|>",
      "<|end|>",
      "<|message|>",
      "<|channel|>",
      "<|constrain|>",
      "<|return|>",
      "<|call|>",
    ],
    patterns: [/^<\|reserved_\d+\|>$/],
  },
  {
    family: "Llama 3",
    source:
      "meta-llama/Llama-3.1-8B-Instruct and Llama-3.2-11B-Vision tokenizer_config.json, added_tokens_decoder",
    tokens: [
      "<|begin_of_text|>",
      "<|end_of_text|>",
      "<|start_header_id|>",
      "<|end_header_id|>",
      "<|eot_id|>",
      "<|eom_id|>",
      "<|python_tag|>",
      "<|finetune_right_pad_id|>",
      "<|step_id|>",
      "<|image|>",
    ],
    patterns: [/^<\|reserved_special_token_\d+\|>$/],
  },
  {
    family: "Llama 4",
    source: "meta-llama/Llama-4-Scout-17B-16E-Instruct tokenizer_config.json, added_tokens_decoder",
    tokens: [
      "<|header_start|>",
      "<|header_end|>",
      "<|eot|>",
      "<|eom|>",
      "<|python_start|>",
      "<|python_end|>",
    ],
  },
  {
    family: "Qwen",
    source: "Qwen/Qwen2.5-7B-Instruct and Qwen/Qwen3-8B tokenizer_config.json, added_tokens_decoder",
    tokens: [
      "<|object_ref_start|>",
      "<|object_ref_end|>",
      "<|box_start|>",
      "<|box_end|>",
      "<|quad_start|>",
      "<|quad_end|>",
      "<|vision_start|>",
      "<|vision_end|>",
      "<|vision_pad|>",
      "<|image_pad|>",
      "<|video_pad|>",
      "<|fim_pad|>",
      "<|repo_name|>",
      "<|file_sep|>",
      "<tool_call>",
      "</tool_call>",
      "<tool_response>",
      "</tool_response>",
      "<think>",
      "</think>",
    ],
  },
  {
    family: "Hermes",
    source: "NousResearch/Hermes-2-Pro-Llama-3-8B tokenizer_config.json, added_tokens_decoder",
    tokens: ["<tools>", "</tools>", "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>"],
  },
  {
    family: "Phi-3 / Phi-4-mini",
    source: "microsoft/Phi-3.5-mini-instruct and microsoft/Phi-4-mini-instruct tokenizer_config.json",
    tokens: [
      "<|system|>",
      "<|user|>",
      "<|assistant|>",
      "<|end|>",
      "<|tool|>",
      "<|/tool|>",
      "<|tool_call|>",
      "<|/tool_call|>",
      "<|tool_response|>",
      "<|tag|>",
    ],
    patterns: [/^<\|placeholder\d+\|>$/],
  },
  {
    family: "Phi-4",
    source: "microsoft/phi-4 tokenizer_config.json, added_tokens_decoder (<|dummy_0|> ... <|dummy_85|>)",
    tokens: [],
    patterns: [/^<\|dummy_\d+\|>$/],
  },
  {
    family: "InternLM2",
    source: "internlm/internlm2_5-7b-chat tokenizer_config.json, added_tokens_decoder",
    tokens: ["<|action_start|>", "<|action_end|>", "<|interpreter|>", "<|plugin|>"],
  },
  {
    family: "Gemma",
    source: "google/gemma-3-4b-it tokenizer_config.json",
    // <pad> and <mask> are left out: they are common placeholders in prose and code.
    tokens: [
      "<start_of_turn>",
      "<end_of_turn>",
      "<start_of_image>",
      "<end_of_image>",
      "<image_soft_token>",
      "<bos>",
      "<eos>",
    ],
  },
  {
    family: "Mistral",
    source: "mistral-common's control tokens (SpecialTokens), tokenizer v3 / tekken",
    tokens: [
      "[INST]",
      "[/INST]",
      "[AVAILABLE_TOOLS]",
      "[/AVAILABLE_TOOLS]",
      "[TOOL_CALLS]",
      "[TOOL_RESULTS]",
      "[/TOOL_RESULTS]",
      "[TOOL_CONTENT]",
      "[SYSTEM_PROMPT]",
      "[/SYSTEM_PROMPT]",
      "[THINK]",
      "[/THINK]",
      "[IMG]",
      "[IMG_BREAK]",
      "[IMG_END]",
      "[CALL_ID]",
      "[ARGS]",
    ],
  },
  {
    family: "Cohere Command",
    source: "CohereForAI/c4ai-command-r-v01 and command-a tokenizer_config.json",
    tokens: [
      "<|START_OF_TURN_TOKEN|>",
      "<|END_OF_TURN_TOKEN|>",
      "<|SYSTEM_TOKEN|>",
      "<|USER_TOKEN|>",
      "<|CHATBOT_TOKEN|>",
      "<|START_RESPONSE|>",
      "<|END_RESPONSE|>",
      "<|START_THINKING|>",
      "<|END_THINKING|>",
      "<|START_ACTION|>",
      "<|END_ACTION|>",
      "<|START_TOOL_RESULT|>",
      "<|END_TOOL_RESULT|>",
    ],
  },
  {
    family: "Granite",
    source: "ibm-granite/granite-3.1-8b-instruct tokenizer_config.json",
    tokens: ["<|start_of_role|>", "<|end_of_role|>", "<|tool_call|>"],
  },
  {
    family: "GLM-4",
    source: "THUDM/glm-4-9b-chat tokenizer_config.json",
    tokens: ["[gMASK]", "<sop>", "<|observation|>", "<|system|>", "<|user|>", "<|assistant|>"],
  },
];

/** DeepSeek's tokens use fullwidth bars and U+2581 for spaces (`<｜begin▁of▁sentence｜>`): an open pattern. */
export const DEEPSEEK = {
  family: "DeepSeek",
  source: "deepseek-ai/DeepSeek-V3 and DeepSeek-R1 tokenizer_config.json: <｜...｜> tokens",
} as const;
