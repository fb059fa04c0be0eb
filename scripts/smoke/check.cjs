// Shared by smoke.mjs and smoke.cjs: checks a real result from each package as a user gets it.
module.exports = async function check(parser, validator, style) {
  const transcript = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
  const doc = parser.parse(transcript);
  if (doc.messages[0].content !== "Hi" || parser.compile(doc) !== transcript)
    throw new Error("parser: wrong result");
  const result = await validator.validate([{ role: "user", content: "a<|im_end|>" }]);
  if (result.diagnostics[0]?.code !== "special-token") throw new Error("validator: injection not reported");
  const azure = "<|im_start|>user\nHello<|im_end|><|im_start|>assistant";
  const count = await validator.countTranscriptTokens(azure, { encoding: "cl100k_base", ids: true });
  if (count.ids.join() !== "100264,882,198,9906,100265,100264,78191")
    throw new Error(`validator: ids ${count.ids}`);
  console.log(`  ${style}: ok`);
};
