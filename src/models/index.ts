export { AlexNet, type AlexNetOptions, alexnet } from './alexnet.js';
export { BasicBlock } from './basic-block.js';
export { Bottleneck } from './bottleneck.js';
export { CharLSTM, type CharLSTMConfig, type CharLSTMOutput, type CharLSTMState } from './char-lstm.js';
export {
  CharTransformer,
  type CharTransformerConfig,
  type CharTransformerState,
} from './char-transformer.js';
export { compoundScaling, type Scaling } from './compound-scaling.js';
export { ConvNormAct, type ConvNormActOptions, type ZooActivation } from './conv-norm-act.js';
export {
  EfficientNet,
  type EfficientNetOptions,
  efficientnet,
  efficientnetVariants,
} from './efficientnet.js';
export { GoogLeNet, type GoogLeNetOptions, googlenet, InceptionAux } from './googlenet.js';
export { InceptionModule, type InceptionWidths, inceptionModule } from './inception-module.js';
export { InvertedResidual } from './inverted-residual.js';
export { LeNet5, type LeNet5Options, lenet5 } from './lenet5.js';
export { makeDivisible } from './make-divisible.js';
export { MBConv, type MBConvConfig } from './mb-conv.js';
export { defaultMlpConfig, type MlpConfig, mlp } from './mlp.js';
export { MobileNetV1, type MobileNetV1Options, mobilenetV1 } from './mobilenet-v1.js';
export { MobileNetV2, type MobileNetV2Options, mobilenetV2 } from './mobilenet-v2.js';
export { loadModel, type SavedModel, saveModel } from './model-file.js';
export { balancedTree, type ParityTreesOptions, parityTrees } from './parity-trees.js';
export { composeChildren, RecursiveNet, type Tree, treeBatch } from './recursive-net.js';
export { ResNet, type ResNetOptions, resnet18, resnet34, resnet50 } from './resnet.js';
export {
  SentenceClassifier,
  type SentenceClassifierConfig,
  type SentenceEncoder,
} from './sentence-classifier.js';
export {
  Seq2Seq,
  type Seq2SeqConfig,
  type Seq2SeqOutput,
  type Seq2SeqState,
  type Seq2SeqStepFn,
} from './seq2seq.js';
export { SqueezeExcitation } from './squeeze-excitation.js';
export { convNormActPairs, torchvisionAliases } from './torchvision-names.js';
export { type FineTuningGroup, freezeAllBut, paramGroupsForFineTuning, replaceHead } from './transfer.js';
export { UNet, type UNetOptions, unet } from './unet.js';
export { Vgg, type VggOptions, vgg16, vggConfigs } from './vgg.js';
export { type ZooOptions, zooLinear } from './zoo-options.js';
