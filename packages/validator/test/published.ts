// Published examples with the API's own counts (OpenAI cookbook, "How to count tokens with
// tiktoken", sections 6 and 7): what our formulas must reproduce.

export const JARGON_MESSAGES = [
  {
    role: "system",
    content:
      "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
  },
  { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
  {
    role: "system",
    name: "example_assistant",
    content: "Things working well together will increase revenue.",
  },
  {
    role: "system",
    name: "example_user",
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: "system",
    name: "example_assistant",
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: "user",
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

/** prompt_tokens the API reported for JARGON_MESSAGES. */
export const JARGON_COUNTS = {
  "gpt-3.5-turbo-0301": 127,
  "gpt-3.5-turbo": 129,
  "gpt-4-0613": 129,
  "gpt-4": 129,
  "gpt-4o": 124,
  "gpt-4o-mini": 124,
} as const;

export const WEATHER_TOOLS = [
  {
    type: "function",
    function: {
      name: "get_current_weather",
      description: "Get the current weather in a given location",
      parameters: {
        type: "object",
        properties: {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
          unit: {
            type: "string",
            description: "The unit of temperature to return",
            enum: ["celsius", "fahrenheit"],
          },
        },
        required: ["location"],
      },
    },
  },
];

export const WEATHER_MESSAGES = [
  { role: "system", content: "You are a helpful assistant that can answer to questions about the weather." },
  { role: "user", content: "What's the weather like in San Francisco?" },
];

/** prompt_tokens the API reported for WEATHER_MESSAGES with WEATHER_TOOLS. */
export const WEATHER_COUNTS = {
  "gpt-3.5-turbo": 105,
  "gpt-4": 105,
  "gpt-4o": 101,
  "gpt-4o-mini": 101,
} as const;

/** Azure's vector: cl100k_base with <|im_start|>=100264 and <|im_end|>=100265. */
export const AZURE_TRANSCRIPT = "<|im_start|>user\nHello<|im_end|><|im_start|>assistant";
export const AZURE_IDS = [100264, 882, 198, 9906, 100265, 100264, 78191];
