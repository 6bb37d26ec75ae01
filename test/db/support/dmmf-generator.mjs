// A Prisma generator that writes the schema's DMMF datamodel to its `output` file.
// The CLI hands every generator the parsed schema over a small JSON-RPC protocol
// (requests on our stdin, one JSON response per line on our stderr); the helper package
// that usually speaks it (@prisma/generator-helper) is not a dependency, and these
// few lines are all it would do here.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

function reply(id, result) {
  process.stderr.write(`${JSON.stringify({ jsonrpc: '2.0', id, result })}\n`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.method === 'getManifest') {
    reply(message.id, { manifest: { prettyName: 'DMMF datamodel', requiresEngines: [] } });
  } else if (message.method === 'generate') {
    writeFileSync(message.params.generator.output.value, JSON.stringify(message.params.dmmf.datamodel));
    reply(message.id, null);
  }
});
