import { nn, type Tensor, ValueError } from '../index.js';

/** Where a layer sits: its owner's field (and the index when the field is an array). */
interface Slot {
  owner: nn.Module;
  key: string;
  index?: number;
  layer: nn.Linear | nn.Conv2d;
}

/** Every slot holding a layer that `is` accepts, in the module's depth-first field order. */
function slotsOf(model: nn.Module, is: (m: unknown) => m is nn.Linear | nn.Conv2d): Slot[] {
  const slots: Slot[] = [];
  for (const owner of model.modules()) {
    for (const [key, value] of Object.entries(owner)) {
      if (is(value)) slots.push({ owner, key, layer: value });
      else if (Array.isArray(value))
        value.forEach((v: unknown, index) => {
          if (is(v)) slots.push({ owner, key, index, layer: v });
        });
    }
  }
  return slots;
}

/**
 * The classification head of a zoo model: its last Linear layer, or for a fully convolutional
 * net (U-Net) its last 1×1 convolution.
 */
function headSlot(model: nn.Module): Slot {
  const linears = slotsOf(model, (m): m is nn.Linear => m instanceof nn.Linear);
  const convs = slotsOf(
    model,
    (m): m is nn.Conv2d => m instanceof nn.Conv2d && m.kernelSize.every((k) => k === 1),
  );
  const slot = linears.at(-1) ?? convs.at(-1);
  if (!slot) throw new ValueError('replaceHead: the model has no Linear layer and no 1×1 Conv2d to replace');
  return slot;
}

/** The modules that hold parameters in their own fields, in order. */
function parameterizedLayers(model: nn.Module): nn.Module[] {
  return model.modules().filter((m) => Object.values(m).some((v) => v instanceof nn.Parameter));
}

function ownParameters(m: nn.Module): nn.Parameter[] {
  return Object.values(m).filter((v): v is nn.Parameter => v instanceof nn.Parameter);
}

/**
 * Freezes (requiresGrad = false) every parameter except those of the last `k` layers that hold
 * parameters (a BatchNorm counts as one), which are made trainable: the first step of transfer
 * learning, where a pretrained body stays fixed while the head adapts.
 * @example
 * freezeAllBut(resnet18(), 1); // only fc trains
 */
export function freezeAllBut<M extends nn.Module>(model: M, k: number): M {
  if (!Number.isSafeInteger(k) || k < 0)
    throw new ValueError(`freezeAllBut: k must be a non-negative integer, got ${k}`);
  const layers = parameterizedLayers(model);
  layers.forEach((layer, i) => {
    const trainable = i >= layers.length - k;
    for (const p of ownParameters(layer)) p.requiresGrad = trainable;
  });
  return model;
}

/**
 * Swaps a zoo model's head (its last Linear, or U-Net's last 1×1 conv) for a freshly initialized
 * one with `numClasses` outputs, in place, and returns the new head.
 * @example
 * const model = resnet18();
 * replaceHead(model, 5); // model.fc is now Linear(512, 5)
 */
export function replaceHead(model: nn.Module, numClasses: number): nn.Linear | nn.Conv2d {
  if (!Number.isSafeInteger(numClasses) || numClasses < 1)
    throw new ValueError(`replaceHead: numClasses must be a positive integer, got ${numClasses}`);
  const { owner, key, index, layer } = headSlot(model);
  const dtype = layer.weight.dtype;
  const bias = layer.bias !== undefined;
  const head =
    layer instanceof nn.Linear
      ? new nn.Linear(layer.inFeatures, numClasses, { dtype, bias })
      : new nn.Conv2d(layer.inChannels, numClasses, 1, { dtype, bias });
  head.training = layer.training;
  const fields = owner as unknown as Record<string, unknown>;
  if (index === undefined) fields[key] = head;
  else (fields[key] as unknown[])[index] = head;
  return head;
}

/** An optimizer parameter group: parameters and their learning rate. */
export interface FineTuningGroup {
  params: Tensor[];
  lr: number;
}

/**
 * Two optimizer parameter groups for fine-tuning: the body (everything but the head) at a small
 * `bodyLr` and the head at a larger `headLr`, so the pretrained features move slowly while the
 * new head learns fast. Frozen parameters are left out, and so is a group left empty.
 * @example
 * const model = resnet18({ numClasses: 5, baseWidth: 8 });
 * new optim.SGD(paramGroupsForFineTuning(model, { bodyLr: 1e-4, headLr: 1e-2 }), { lr: 1e-3 });
 */
export function paramGroupsForFineTuning(
  model: nn.Module,
  { bodyLr, headLr }: { bodyLr: number; headLr: number },
): FineTuningGroup[] {
  for (const [name, lr] of [
    ['bodyLr', bodyLr],
    ['headLr', headLr],
  ] as const) {
    if (!(lr >= 0))
      throw new ValueError(`paramGroupsForFineTuning: ${name} must be a non-negative number, got ${lr}`);
  }
  const head = new Set<Tensor>(headSlot(model).layer.parameters());
  const trainable = model.parameters().filter((p) => p.requiresGrad);
  const groups = [
    { params: trainable.filter((p) => !head.has(p)), lr: bodyLr },
    { params: trainable.filter((p) => head.has(p)), lr: headLr },
  ];
  return groups.filter((g) => g.params.length > 0);
}
