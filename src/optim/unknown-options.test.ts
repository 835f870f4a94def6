import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { DataLoader, fit, nn, optim, TensorDataset, tensor } from '../index.js';

const params = () => new nn.Linear(2, 1).parameters();

test('a misspelt optimizer option is refused with the name it meant (it kept the default before)', () => {
  assert.throws(
    () => new optim.Adam(params(), { learningRate: 0.1 } as never),
    (e: unknown) =>
      e instanceof ValueError && /^Adam: unknown option 'learningRate'; did you mean 'lr'\?/.test(e.message),
  );
  assert.throws(
    () => new optim.SGD(params(), { lr: 0.1, momentun: 0.9 } as never),
    /SGD: unknown option 'momentun'; did you mean 'momentum'\?/,
  );
  assert.throws(
    () => new optim.AdamW(params(), { weight_decay: 0.1 } as never),
    /AdamW: unknown option 'weight_decay'; did you mean 'weightDecay'\?/,
  );
  assert.throws(
    () => new optim.RMSprop([{ params: params(), learning_rate: 1 }] as never),
    /RMSprop parameter group: unknown option 'learning_rate'/,
  );
  // Known options still work.
  assert.equal(new optim.Adam(params(), { lr: 0.1 }).paramGroups[0]!.lr, 0.1);
});

test('DataLoader and fit refuse unknown options too', () => {
  const data = new TensorDataset(tensor([[1], [2]]), tensor([0, 1]));
  assert.throws(
    () => new DataLoader(data, { batch_size: 64 } as never),
    /DataLoader: unknown option 'batch_size'; did you mean 'batchSize'\?/,
  );
  const model = new nn.Linear(1, 2);
  assert.throws(
    () =>
      fit(model, {
        loss: () => tensor(0),
        optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
        train: new DataLoader(data),
        epochs: 1,
        epoch: 3,
      } as never),
    /fit: unknown option 'epoch'; did you mean 'epochs'\?/,
  );
});
