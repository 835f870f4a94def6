/**
 * The inference workloads of `bench/workloads.md` section 7: torchvision-shaped ResNet-18 and
 * MobileNetV2 from nabla's zoo, in eval mode (BatchNorm uses its running statistics), one
 * [1, 3, 224, 224] image per forward pass, no graph recorded (`noGrad`).
 */
import type { Module, NablaApi } from './nabla-api.js';
import type { InferWorkload } from './timing.js';
import { expectParameters } from './train-workloads.js';

/** One forward pass, ended by reading a logit on the host (as the train steps read the loss). */
function forwardPass(nb: NablaApi, model: Module): () => number {
  model.eval();
  const x = nb.rand([1, 3, 224, 224]);
  return () => nb.noGrad(() => model.forward(x)).data()[0] ?? Number.NaN;
}

function inferResnet18(nb: NablaApi): () => number {
  const model = nb.models.resnet18({ numClasses: 1000 });
  expectParameters('infer-resnet18', model.numParameters(), 11_689_512);
  return forwardPass(nb, model);
}

function inferMobilenetV2(nb: NablaApi): () => number {
  const model = nb.models.mobilenetV2({ numClasses: 1000 });
  expectParameters('infer-mobilenetv2', model.numParameters(), 3_504_872);
  return forwardPass(nb, model);
}

/** Each inference workload: builds it once and returns one forward pass (which returns a logit). */
export const INFER_WORKLOADS: Record<InferWorkload, (nb: NablaApi) => () => number> = {
  'infer-resnet18': inferResnet18,
  'infer-mobilenetv2': inferMobilenetV2,
};
