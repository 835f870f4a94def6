import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { trainHelp, trainSubcommands } from '../src/cli/commands/train.js';
import { commands } from '../src/cli/main.js';
import { cliProcessArgs, runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-usage-'));

// Every command and train subcommand main.ts knows, with its usage: a new one is covered here unasked.
const invocations: { argv: string[]; usage: string }[] = Object.keys(commands).flatMap((name) =>
  name === 'train'
    ? trainSubcommands.map((sub) => ({ argv: ['train', sub], usage: trainHelp(sub) }))
    : [{ argv: [name], usage: commands[name]!.help([]) }],
);

test('--help and -h on every command and train subcommand print its usage and exit 0', async () => {
  assert.ok(invocations.length >= 19, `${invocations.length} commands`);
  for (const { argv } of invocations) {
    for (const help of ['--help', '-h']) {
      const r = await run(...argv, help);
      assert.equal(r.code, 0, `${argv.join(' ')} ${help}: ${r.err}`);
      assert.equal(r.err, '');
      assert.ok(r.out.startsWith('usage: nabla '), r.out);
      // The usage names the command, e.g. `nabla train char-lstm|char-transformer`, `nabla tune mlp`.
      assert.ok(r.out.includes(argv.at(-1)!), `${argv.join(' ')} --help: ${r.out}`);
    }
  }
  const all = await run('--help');
  assert.equal(all.code, 0);
  for (const name of Object.keys(commands)) assert.match(all.out, new RegExp(`nabla ${name}\\b`));
  assert.equal((await run('help', 'eval')).out, 'usage: nabla eval <model.safetensors> [--limit N]');
  // No command at all is a usage error that still shows the usage.
  const none = await run();
  assert.equal(none.code, 2);
  assert.match(none.out, /^usage:/);
});

test('a misspelt option of every command gets a one-line "did you mean", exit 2', async () => {
  for (const { argv, usage } of invocations) {
    const option = /--[a-z][\w-]*/.exec(usage)?.[0];
    // `nabla info` takes no option: any is unknown, with nothing to suggest.
    const typo = option === undefined ? '--verbose' : option.slice(0, -1);
    const r = await run(...argv, typo, '3');
    assert.equal(r.code, 2, `${argv.join(' ')} ${typo}: ${r.out}`);
    const hint = option === undefined ? '' : `; did you mean ${option}\\?`;
    assert.match(
      r.err,
      new RegExp(`^nabla [a-z -]+: unknown option '${typo}'${hint} \\(--help lists the options\\)$`),
    );
  }
});

test('misspelt commands and models are suggested; a negative value reaches the range check', async () => {
  const cases: [string[], string][] = [
    [['trian'], "nabla: unknown command 'trian'; did you mean train? (commands: "],
    [['trian', '--help'], "nabla: unknown command 'trian'; did you mean train?"],
    [['train', 'mpl'], "nabla train: unknown model 'mpl'; did you mean mlp? (available: mlp, lenet, "],
    [
      ['train', 'mlp', '--batch_size', '8'],
      "nabla train: unknown option '--batch_size'; did you mean --batch-size?",
    ],
    [['train', 'mlp', '--lr', '-1'], "nabla train: --lr must be a positive number, got '-1'"],
    [['train', 'mlp', '--lr', '-.5'], "nabla train: --lr must be a positive number, got '-.5'"],
    [
      ['train', 'mlp', '--seed', '-3', '--epochs', '-2'],
      "nabla train: --epochs must be a positive integer, got '-2'",
    ],
    [['train', 'seq2seq', '--lr=-1e-3'], "nabla train: --lr must be a positive number, got '-1e-3'"],
    [
      ['train', 'mlp', '--lr'],
      "nabla train: --lr needs a value (write --lr=<value> for one starting with '-')",
    ],
    [['train', 'mlp', '--out', '--lr', '1'], 'nabla train: --out needs a value'],
    [
      ['predict', 'm.safetensors', 'd.png', '--invert=yes'],
      "nabla predict: Option '--invert' does not take an argument",
    ],
  ];
  for (const [argv, message] of cases) {
    const r = await run(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.ok(r.err.startsWith(message), `${argv.join(' ')}: ${r.err}`);
    assert.equal(r.err.split('\n').length, 1);
  }
});

test('--version prints the version of package.json', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  for (const flag of ['--version', '-v']) {
    const r = await run(flag);
    assert.equal(r.code, 0);
    assert.equal(r.out, version);
  }
});

test('every train subcommand checks --out before training: a bad path is a usage error naming it', async () => {
  for (const sub of trainSubcommands) {
    const missing = await run('train', sub, '--out', '/nonexistent/dir/x');
    assert.equal(missing.code, 2, `${sub}: ${missing.out}`);
    assert.match(
      missing.err,
      /^nabla train( \w+)?: --out '\/nonexistent\/dir\/x[\w.-]*' cannot be written: the folder \/nonexistent\/dir does not exist$/,
    );
    assert.equal(missing.out, '', `${sub} started: ${missing.out}`);
    // gan's --out is a prefix: `<dir>-epoch-1.png` is a fine name, and it would train.
    if (sub === 'gan') continue;
    const folder = await run('train', sub, '--out', dir);
    assert.match(folder.err, /--out '.+' cannot be written: it is a folder$/, sub);
  }
  const cases: [string[], RegExp][] = [
    [
      ['train', 'mlp', '--checkpoint', '/etc/hostname/x'],
      /--checkpoint '\/etc\/hostname\/x' cannot be written: \/etc\/hostname is not a folder$/,
    ],
    [['train', 'detector', '--png', '/nonexistent/d.png'], /--png '\/nonexistent\/d.png' cannot be written/],
    [['train', 'unet', '--png', '/nonexistent/m.png'], /--png '\/nonexistent\/m.png' cannot be written/],
    [['train', 'seq2seq', '--attention-map', dir], /--attention-map '.+' cannot be written: it is a folder/],
    [
      ['train', 'word2vec', '--plot', '/nonexistent/w.png'],
      /--plot '\/nonexistent\/w.png' cannot be written/,
    ],
    [
      ['train', 'gan', '--classifier', '/nonexistent/c.safetensors'],
      /--classifier '\/nonexistent\/c.safetensors' cannot be written/,
    ],
    [
      ['errors', 'm.safetensors', '--csv', '/nonexistent/e.csv'],
      /^nabla errors: --csv '\/nonexistent\/e.csv' cannot be written/,
    ],
    [
      ['errors', 'm.safetensors', '--confusion-png', '/nonexistent/c.png'],
      /^nabla errors: --confusion-png '\/nonexistent\/c.png' cannot be written/,
    ],
  ];
  for (const [argv, message] of cases) {
    const r = await run(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, message);
  }
});

test('NABLA_DEBUG=1 prints the stack of an error; without it, one line', async () => {
  const plain = await run('eval', join(dir, 'missing.safetensors'));
  assert.equal(plain.code, 1);
  assert.match(plain.err, /^nabla eval: .*missing\.safetensors.*$/);
  assert.doesNotMatch(plain.err, /\n/);
  process.env.NABLA_DEBUG = '1';
  try {
    const debug = await run('eval', join(dir, 'missing.safetensors'));
    assert.equal(debug.code, 1);
    assert.match(debug.err, /missing\.safetensors[\s\S]*\n\s+at /);
  } finally {
    delete process.env.NABLA_DEBUG;
  }
});

test('a spawned `nabla train --out /nonexistent/dir/x.safetensors` exits 2 before training, without a stack', () => {
  const child = spawnSync(
    process.execPath,
    cliProcessArgs(
      'train',
      'mlp',
      '--limit',
      '200',
      '--epochs',
      '1',
      '--hidden',
      '8',
      '--out',
      '/nonexistent/dir/x.safetensors',
    ),
    { encoding: 'utf8', env: { ...process.env, NABLA_NUM_THREADS: '1', NABLA_DEBUG: '' } },
  );
  assert.equal(child.status, 2, child.stderr);
  assert.equal(child.stdout, '');
  assert.equal(
    child.stderr,
    "nabla train: --out '/nonexistent/dir/x.safetensors' cannot be written: the folder /nonexistent/dir does not exist\n",
  );
});
