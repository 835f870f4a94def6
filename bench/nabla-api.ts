/**
 * The subset of nabla's public API that the benchmark workloads use (PyTorch-like), written out
 * so that `nabla-workloads.ts --lib PATH` can benchmark another build: a build that lacks a name
 * makes only the workloads needing it report an error. `models` is the zoo (`nabla/models`),
 * loaded beside the barrel.
 */

export interface Tensor {
  readonly shape: readonly number[];
  item(): number;
  data(): ArrayLike<number>;
  backward(): void;
  reshape(shape: number[]): Tensor;
}
export interface Module {
  forward(x: Tensor): Tensor;
  parameters(): Iterable<Tensor>;
  numParameters(): number;
  eval(): unknown;
}
/** `nn.LSTM(input, hidden, { batchFirst: true })`: `forward(x)` gives `[output, [h, c]]` as in PyTorch. */
export interface LstmModule {
  forward(x: Tensor): Tensor | readonly [Tensor, unknown];
  parameters(): Iterable<Tensor>;
}
/** `nn.TransformerEncoder`: the layers run with the same masks, then the final norm. */
export interface EncoderModule {
  forwardWithMasks(x: Tensor, masks: { causal?: boolean }): Tensor;
  parameters(): Iterable<Tensor>;
}
export interface Optimizer {
  zeroGrad(): void;
  step(): void;
}
type Ctor<Args extends unknown[], T> = new (...args: Args) => T;

export interface TransformerLayerOptions {
  dimFeedforward: number;
  dropout: number;
  activation: 'relu' | 'gelu';
  normFirst: boolean;
  layerNormEps: number;
  batchFirst: boolean;
}

/** The zoo's blocks and models used here (`src/models`). */
export interface ModelsApi {
  /** conv (no bias) → BatchNorm2d → ReLU, padding ⌊k/2⌋. */
  ConvNormAct: Ctor<
    [inChannels: number, outChannels: number, kernelSize: number, options?: { stride?: number }],
    Module
  >;
  /** ResNet's basic block, with a 1×1 conv + BN projection shortcut when the shape changes. */
  BasicBlock: Ctor<[inChannels: number, channels: number, stride?: number], Module>;
  resnet18(options?: { numClasses?: number }): Module;
  mobilenetV2(options?: { numClasses?: number }): Module;
}

/** The subset of nabla's public barrel used here. */
export interface NablaApi {
  tensor(data: number[][], options?: { dtype?: 'float32' | 'int32' }): Tensor;
  /** uniform [0, 1), float32 */
  rand(shape: number[]): Tensor;
  /** integers uniform in [low, high), int32 */
  randint(low: number, high: number, shape: number[]): Tensor;
  manualSeed(seed: number): void;
  /** `out`: write the product into this tensor (PyTorch's `out=`) */
  matmul(a: Tensor, b: Tensor, options?: { out?: Tensor }): Tensor;
  /** softmax cross-entropy; logits [N, C], int32 targets [N]; mean over N */
  crossEntropy(logits: Tensor, targets: Tensor): Tensor;
  /** Runs `fn` without recording a graph. */
  noGrad<T>(fn: () => T): T;
  setBackend(name: string): unknown;
  setNumThreads(n: number): unknown;
  nn: {
    Linear: Ctor<[inFeatures: number, outFeatures: number], Module>;
    Sequential: Ctor<Module[], Module>;
    ReLU: Ctor<[], Module>;
    Conv2d: Ctor<
      [
        inChannels: number,
        outChannels: number,
        kernelSize: number,
        options?: { stride?: number; padding?: number },
      ],
      Module
    >;
    MaxPool2d: Ctor<[kernelSize: number, options?: { stride?: number }], Module>;
    Flatten: Ctor<[], Module>;
    GlobalAvgPool: Ctor<[], Module>;
    Embedding: Ctor<[numEmbeddings: number, embeddingDim: number], Module>;
    PositionalEmbedding: Ctor<[maxLen: number, dModel: number], Module>;
    LayerNorm: Ctor<[normalizedShape: number, options?: { eps?: number }], Module>;
    LSTM: Ctor<[inputSize: number, hiddenSize: number, options?: { batchFirst?: boolean }], LstmModule>;
    TransformerEncoderLayer: Ctor<[dModel: number, nHead: number, options: TransformerLayerOptions], unknown>;
    TransformerEncoder: Ctor<
      [layer: (index: number) => unknown, numLayers: number, options?: { norm?: Module }],
      EncoderModule
    >;
  };
  optim: {
    SGD: Ctor<
      [params: Iterable<Tensor>, options: { lr: number; momentum?: number; weightDecay?: number }],
      Optimizer
    >;
    Adam: Ctor<
      [params: Iterable<Tensor>, options: { lr: number; betas?: [number, number]; eps?: number }],
      Optimizer
    >;
    AdamW: Ctor<
      [
        params: Iterable<Tensor>,
        options: { lr: number; betas?: [number, number]; eps?: number; weightDecay?: number },
      ],
      Optimizer
    >;
  };
  models: ModelsApi;
}
